package org.fedvae.coordinator.aggregation;

import java.util.Map;

/**
 * How the coordinator turns a round's aggregate into the next global model. The transport and
 * the secure aggregation only deliver the weighted average of the participants' deltas; what to
 * do with it is this strategy's one job (Flower's split of strategy from transport).
 */
public interface ServerStrategy {

    /** The name used on the command line and in checkpoints. */
    String name();

    /**
     * Applies one round: {@code global} (updated in place) moves along {@code averageDelta}, the
     * sample-weighted average of (local weights - global weights) over the round's survivors.
     */
    void apply(float[] global, float[] averageDelta);

    /** The optimizer's state, by name, for a checkpoint; empty for a stateless strategy. */
    Map<String, float[]> state();

    /** Restores what {@link #state()} returned; the vectors' lengths must match the model. */
    void restore(Map<String, float[]> state);
}
