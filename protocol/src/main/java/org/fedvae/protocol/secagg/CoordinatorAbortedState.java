package org.fedvae.protocol.secagg;

import java.util.List;
import java.util.Set;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggMessage;

/** The round ended without a sum; nothing was or will be unmasked. */
final class CoordinatorAbortedState extends CoordinatorState {

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

    @Override
    SecAggMessage.BodyCase collects() {
        return SecAggMessage.BodyCase.BODY_NOT_SET;
    }

    @Override
    void accept(int sender, SecAggMessage message) {
        throw new IllegalStateException("an aborted round accepts nothing");
    }

    @Override
    boolean complete() {
        return false;
    }

    @Override
    CoordinatorState close(List<Outgoing> out) {
        return this;
    }

    @Override
    Set<Integer> members() {
        return Set.of();
    }
}
