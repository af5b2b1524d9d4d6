package org.fedvae.protocol.secagg;

import java.util.NavigableSet;

/** The round produced its sum over the survivors U3. */
final class CoordinatorCompletedState extends CoordinatorTerminalState {

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
}
