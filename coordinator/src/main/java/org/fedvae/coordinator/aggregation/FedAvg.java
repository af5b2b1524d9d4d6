package org.fedvae.coordinator.aggregation;

import java.util.Map;

/** Plain FedAvg (McMahan et al. 2017): the new global model is the weighted average of the local ones. */
public final class FedAvg implements ServerStrategy {

    private final float serverLearningRate;

    /** A server learning rate of 1 is McMahan's FedAvg exactly. */
    public FedAvg(float serverLearningRate) {
        if (!(serverLearningRate > 0)) {
            throw new IllegalArgumentException("server learning rate must be positive, got " + serverLearningRate);
        }
        this.serverLearningRate = serverLearningRate;
    }

    @Override
    public String name() {
        return "fedavg";
    }

    @Override
    public void apply(float[] global, float[] averageDelta) {
        Vectors.checkSameLength(global, averageDelta);
        for (int i = 0; i < global.length; i++) {
            global[i] += serverLearningRate * averageDelta[i];
        }
    }

    @Override
    public Map<String, float[]> state() {
        return Map.of();
    }

    @Override
    public void restore(Map<String, float[]> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("fedavg has no state, checkpoint holds " + state.keySet());
        }
    }
}
