package org.fedvae.protocol.secagg;

import java.util.List;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.UnmaskingRequest;

/**
 * The participant's part is done. A repeated, identical unmasking request (say, after the
 * coordinator lost the response) gets the same response again. Any other request aborts: one
 * that would reveal the other kind of share for some peer with REVEAL_CONFLICT, checked first,
 * so this rule never depends on the set checks.
 */
final class ParticipantCompletedState extends ParticipantState {

    private final RevealLedger ledger;
    private final UnmaskingRequest answered;
    private final SecAggMessage response;

    ParticipantCompletedState(
            ParticipantContext ctx, RevealLedger ledger, UnmaskingRequest answered, SecAggMessage response) {
        super(ctx);
        this.ledger = ledger;
        this.answered = answered;
        this.response = response;
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.COMPLETED;
    }

    @Override
    String awaiting() {
        return "nothing";
    }

    @Override
    ParticipantState handle(SecAggMessage message, List<SecAggMessage> out) throws SecAggViolation {
        if (!message.hasUnmaskingRequest()) {
            return super.handle(message, out);
        }
        UnmaskingRequest request = message.getUnmaskingRequest();
        for (int v : request.getSurvivorsList()) {
            ledger.check(v, RevealLedger.Kind.SELF_MASK);
        }
        for (int v : request.getDroppedList()) {
            ledger.check(v, RevealLedger.Kind.MASK_KEY);
        }
        if (!request.equals(answered)) {
            throw new SecAggViolation(
                    SecAggAbortReason.INCONSISTENT_SETS,
                    "a second, different unmasking request after participant " + ctx.selfId + " already answered one");
        }
        out.add(response);
        return this;
    }
}
