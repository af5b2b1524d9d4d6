package org.fedvae.participant.vae;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam on one flat parameter vector with PyTorch's semantics (torch.optim.Adam, no weight decay,
 * no amsgrad): {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 *
 * <p>It runs as libnd4j's fused {@code adam_updater} (one pass over memory), which computes
 * {@code lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps')}. Passing
 * {@code eps' = eps * sqrt(1 - b2^t)} makes that exactly PyTorch's formula.
 */
final class Adam {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final double learningRate;
    private final INDArray m;
    private final INDArray v;
    private int steps;

    /** Allocates state shaped like {@code params}; call outside any workspace. */
    Adam(INDArray params, double learningRate) {
        this.learningRate = learningRate;
        this.m = Nd4j.zeros(params.dataType(), params.shape());
        this.v = Nd4j.zeros(params.dataType(), params.shape());
    }

    /** One step: updates {@code params} in place; {@code grads} is overwritten with the update. */
    void step(INDArray params, INDArray grads) {
        steps++;
        double epsHat = EPSILON * Math.sqrt(1.0 - Math.pow(BETA2, steps));
        // iteration is 0-based in libnd4j: it uses t = iteration + 1 for the bias corrections
        Nd4j.exec(new AdamUpdater(grads, v, m, learningRate, BETA1, BETA2, epsHat, steps - 1));
        params.subi(grads);
    }

    /** Forgets the moments and the step count, as a freshly constructed torch.optim.Adam. */
    void reset() {
        m.assign(0);
        v.assign(0);
        steps = 0;
    }

    int steps() {
        return steps;
    }
}
