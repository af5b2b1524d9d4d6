package org.fedvae.protocol.secagg;

import org.fedvae.protocol.proto.Abort;

/** The round ended without a sum; nothing was or will be unmasked. */
final class CoordinatorAbortedState extends CoordinatorTerminalState {

    private final Abort abort;
    private final SecAggStage abortedIn;

    CoordinatorAbortedState(CoordinatorContext ctx, Abort abort, SecAggStage abortedIn) {
        super(ctx);
        this.abort = abort;
        this.abortedIn = abortedIn;
    }

    Abort abort() {
        return abort;
    }

    SecAggStage abortedIn() {
        return abortedIn;
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.ABORTED;
    }
}
