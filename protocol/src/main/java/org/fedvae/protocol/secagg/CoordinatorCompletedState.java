package org.fedvae.protocol.secagg;

import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import org.fedvae.protocol.proto.SecAggMessage;

/** The round produced its sum over the survivors U3. */
final class CoordinatorCompletedState extends CoordinatorState {

    private final int[] sum;
    private final NavigableSet<Integer> survivors;

    CoordinatorCompletedState(CoordinatorContext ctx, int[] sum, NavigableSet<Integer> survivors) {
        super(ctx);
        this.sum = sum;
        this.survivors = survivors;
    }

    int[] sum() {
        return sum;
    }

    NavigableSet<Integer> survivors() {
        return survivors;
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.COMPLETED;
    }

    @Override
    SecAggMessage.BodyCase collects() {
        return SecAggMessage.BodyCase.BODY_NOT_SET;
    }

    @Override
    void accept(int sender, SecAggMessage message) {
        throw new IllegalStateException("a completed round accepts nothing");
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
