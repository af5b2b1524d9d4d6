package org.fedvae.coordinator.aggregation;

import java.util.Map;

/**
 * FedAvg with server momentum (FedAvgM, Hsu et al. 2019): {@code v = beta v + delta},
 * {@code global += lr v}. Momentum smooths the round-to-round noise of client drift.
 */
public final class FedAvgMomentum implements ServerStrategy {

    private final float learningRate;
    private final float beta;
    private float[] velocity;

    public FedAvgMomentum(float learningRate, float beta) {
        if (!(learningRate > 0) || !(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(
                    "need learning rate > 0 and 0 <= beta < 1, got " + learningRate + ", " + beta);
        }
        this.learningRate = learningRate;
        this.beta = beta;
    }

    @Override
    public String name() {
        return "fedavgm";
    }

    @Override
    public void apply(float[] global, float[] averageDelta) {
        Vectors.checkSameLength(global, averageDelta);
        if (velocity == null) {
            velocity = new float[global.length];
        }
        Vectors.checkSameLength(global, velocity);
        for (int i = 0; i < global.length; i++) {
            velocity[i] = beta * velocity[i] + averageDelta[i];
            global[i] += learningRate * velocity[i];
        }
    }

    @Override
    public Map<String, float[]> state() {
        return velocity == null ? Map.of() : Map.of("velocity", velocity.clone());
    }

    @Override
    public void restore(Map<String, float[]> state) {
        Vectors.checkKeys(name(), state, "velocity");
        velocity = state.containsKey("velocity") ? state.get("velocity").clone() : null;
    }
}
