package org.fedvae.participant.vae;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam on one flat parameter vector with PyTorch's semantics (torch.optim.Adam, no weight decay,
 * no amsgrad): {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}, in the
 * parameters' own precision, as PyTorch computes it.
 *
 * <p>One fused Java loop over heap arrays, which the JIT vectorizes (sqrt and division
 * included): the moments live here; parameters and gradients are copied in bulk, and the
 * parameters back. (Copying a chunk at a time, to stay in cache, stopped the vectorization and
 * took 3.5 times as long.) libnd4j's fused
 * {@code adam_updater}, which this replaced, ran a std::function per element and took as long
 * as all the step's matrix products together; a loop over the NIO views themselves does not
 * vectorize and took three times as long as this one.
 */
final class Adam {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final double learningRate;
    private final int n;
    private final boolean isFloat;
    // FLOAT state (or null)
    private final float[] mF;
    private final float[] vF;
    private final float[] pF;
    private final float[] gF;
    // DOUBLE state (or null)
    private final double[] mD;
    private final double[] vD;
    private final double[] pD;
    private final double[] gD;
    private int steps;

    /** State shaped like {@code params} (a whole FLOAT or DOUBLE vector). */
    Adam(INDArray params, double learningRate) {
        this.learningRate = learningRate;
        this.n = Math.toIntExact(params.length());
        this.isFloat = params.dataType() == DataType.FLOAT;
        if (!isFloat && params.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("Adam needs FLOAT or DOUBLE parameters: " + params.dataType());
        }
        mF = isFloat ? new float[n] : null;
        vF = isFloat ? new float[n] : null;
        pF = isFloat ? new float[n] : null;
        gF = isFloat ? new float[n] : null;
        mD = isFloat ? null : new double[n];
        vD = isFloat ? null : new double[n];
        pD = isFloat ? null : new double[n];
        gD = isFloat ? null : new double[n];
    }

    /** One step: updates {@code params} in place from {@code grads} (left unchanged). */
    void step(INDArray params, INDArray grads) {
        if (params.length() != n || grads.length() != n) {
            throw new IllegalArgumentException(
                    "Adam holds " + n + " values, got " + params.length() + " and " + grads.length());
        }
        steps++;
        double stepSize = learningRate / (1.0 - Math.pow(BETA1, steps));
        double sqrtBc2 = Math.sqrt(1.0 - Math.pow(BETA2, steps));
        int p0 = PassLoops.start(params);
        int g0 = PassLoops.start(grads);
        if (isFloat) {
            FloatBuffer p = params.data().asNioFloat();
            FloatBuffer g = grads.data().asNioFloat();
            p.get(p0, pF, 0, n);
            g.get(g0, gF, 0, n);
            stepFloat((float) stepSize, (float) sqrtBc2);
            p.put(p0, pF, 0, n);
        } else {
            DoubleBuffer p = params.data().asNioDouble();
            DoubleBuffer g = grads.data().asNioDouble();
            p.get(p0, pD, 0, n);
            g.get(g0, gD, 0, n);
            stepDouble(stepSize, sqrtBc2);
            p.put(p0, pD, 0, n);
        }
    }

    /** A counted loop over arrays without branches, so that C2 vectorizes it (sqrt and division too). */
    private void stepFloat(float stepSize, float sqrtBc2) {
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        float c1 = (float) (1 - BETA1);
        float c2 = (float) (1 - BETA2);
        float eps = (float) EPSILON;
        float[] m = mF;
        float[] v = vF;
        float[] p = pF;
        float[] g = gF;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps);
        }
    }

    private void stepDouble(double stepSize, double sqrtBc2) {
        double[] m = mD;
        double[] v = vD;
        double[] p = pD;
        double[] g = gD;
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double mi = BETA1 * m[i] + (1 - BETA1) * gi;
            double vi = BETA2 * v[i] + (1 - BETA2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= stepSize * mi / (Math.sqrt(vi) / sqrtBc2 + EPSILON);
        }
    }

    /** Forgets the moments and the step count, as a freshly constructed torch.optim.Adam. */
    void reset() {
        if (isFloat) {
            Arrays.fill(mF, 0f);
            Arrays.fill(vF, 0f);
        } else {
            Arrays.fill(mD, 0.0);
            Arrays.fill(vD, 0.0);
        }
        steps = 0;
    }

    int steps() {
        return steps;
    }
}
