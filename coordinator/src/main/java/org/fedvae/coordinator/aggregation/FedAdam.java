package org.fedvae.coordinator.aggregation;

import java.util.Map;

/**
 * FedAdam (Reddi et al., "Adaptive Federated Optimization", ICLR 2021, Algorithm 2): the
 * average delta is a pseudo-gradient for a server-side Adam without bias correction;
 * {@code tau} bounds the adaptivity (the paper's epsilon).
 */
public final class FedAdam implements ServerStrategy {

    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float tau;
    private float[] m;
    private float[] v;

    public FedAdam(float learningRate, float beta1, float beta2, float tau) {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(tau > 0)) {
            throw new IllegalArgumentException("invalid FedAdam settings: lr=" + learningRate + " beta1=" + beta1
                    + " beta2=" + beta2 + " tau=" + tau);
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.tau = tau;
    }

    @Override
    public String name() {
        return "fedadam";
    }

    @Override
    public void apply(float[] global, float[] averageDelta) {
        Vectors.checkSameLength(global, averageDelta);
        if (m == null) {
            m = new float[global.length];
            v = new float[global.length];
        }
        Vectors.checkSameLength(global, m);
        for (int i = 0; i < global.length; i++) {
            float d = averageDelta[i];
            m[i] = beta1 * m[i] + (1 - beta1) * d;
            v[i] = beta2 * v[i] + (1 - beta2) * d * d;
            global[i] += learningRate * m[i] / ((float) Math.sqrt(v[i]) + tau);
        }
    }

    @Override
    public Map<String, float[]> state() {
        return m == null ? Map.of() : Map.of("m", m.clone(), "v", v.clone());
    }

    @Override
    public void restore(Map<String, float[]> state) {
        Vectors.checkKeys(name(), state, "m", "v");
        if (state.isEmpty()) {
            m = null;
            v = null;
            return;
        }
        if (!state.containsKey("m") || !state.containsKey("v") || state.get("m").length != state.get("v").length) {
            throw new IllegalArgumentException("fedadam state needs m and v of one length, got " + state.keySet());
        }
        m = state.get("m").clone();
        v = state.get("v").clone();
    }
}
