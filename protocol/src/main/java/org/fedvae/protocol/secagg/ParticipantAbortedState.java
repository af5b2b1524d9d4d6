package org.fedvae.protocol.secagg;

import java.util.List;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggMessage;

/** The round is over for this participant without a result; every further message is ignored. */
final class ParticipantAbortedState extends ParticipantState {

    private final Abort abort;

    ParticipantAbortedState(ParticipantContext ctx, Abort abort) {
        super(ctx);
        this.abort = abort;
    }

    Abort abort() {
        return abort;
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.ABORTED;
    }

    @Override
    String awaiting() {
        return "nothing";
    }

    @Override
    ParticipantState handle(SecAggMessage message, List<SecAggMessage> out) {
        return this;
    }
}
