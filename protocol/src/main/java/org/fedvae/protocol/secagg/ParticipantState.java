package org.fedvae.protocol.secagg;

import java.util.List;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * One stage of the participant side. A state handles the coordinator message its stage waits
 * for and returns the next state; anything else is a protocol violation that aborts the round.
 */
abstract class ParticipantState {

    final ParticipantContext ctx;

    ParticipantState(ParticipantContext ctx) {
        this.ctx = ctx;
    }

    abstract SecAggStage stage();

    /** Handles one coordinator message, appending replies to {@code out}. */
    ParticipantState handle(SecAggMessage message, List<SecAggMessage> out) throws SecAggViolation {
        throw new SecAggViolation(
                SecAggAbortReason.UNEXPECTED_MESSAGE,
                Messages.describe(message) + " is not expected by participant " + ctx.selfId + " in stage " + stage());
    }

    /** Called whenever the input is available; only the masked-input stage acts on it. */
    ParticipantState inputAvailable(List<SecAggMessage> out) throws SecAggViolation {
        return this;
    }

    /** What the stage is waiting for, for timeout messages. */
    abstract String awaiting();

    /** Overwrites the secrets this state holds; called when the round ends either way. */
    void wipe() {}
}
