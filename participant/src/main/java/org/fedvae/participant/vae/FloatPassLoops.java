package org.fedvae.participant.vae;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link PassLoops} in float. Simple counted loops over the direct buffers (which C2 does not
 * vectorize, but these are cheap per value), sums in double; the pixel loss, the costliest, on
 * heap arrays ({@link FloatPixelLoss}).
 */
final class FloatPassLoops extends PassLoops {

    private final FloatPixelLoss pixels;
    private float[] row = new float[0];

    FloatPassLoops(int capacity) {
        pixels = new FloatPixelLoss(capacity);
    }

    @Override
    void fillRows(INDArray a, INDArray bias, int rows) {
        int cols = (int) a.columns();
        if (row.length != cols) {
            row = new float[cols];
        }
        bias.data().asNioFloat().get(start(bias), row, 0, cols);
        FloatBuffer ab = a.data().asNioFloat();
        int a0 = start(a);
        for (int r = 0; r < rows; r++) {
            ab.put(a0 + r * cols, row, 0, cols);
        }
    }

    @Override
    double pixelLoss(INDArray logits, INDArray x, int rows) {
        return pixels.sum(logits, x, rows);
    }

    @Override
    void pixelGradient(INDArray logits, INDArray x, INDArray out, int n, double scale) {
        pixels.gradient(out, n, scale);
    }

    @Override
    void addBiasRelu(INDArray a, INDArray bias, int rows) {
        FloatBuffer ab = a.data().asNioFloat();
        FloatBuffer bb = bias.data().asNioFloat();
        int a0 = start(a);
        int b0 = start(bias);
        int cols = (int) a.columns();
        for (int r = 0; r < rows; r++) {
            int at = a0 + r * cols;
            for (int j = 0; j < cols; j++) {
                ab.put(at + j, Math.max(ab.get(at + j) + bb.get(b0 + j), 0f));
            }
        }
    }

    @Override
    double sampleLatent(
            INDArray mu,
            INDArray muBias,
            INDArray logvar,
            INDArray logvarBias,
            INDArray eps,
            INDArray std,
            INDArray z,
            int rows) {
        FloatBuffer m = mu.data().asNioFloat();
        FloatBuffer mb = muBias.data().asNioFloat();
        FloatBuffer lv = logvar.data().asNioFloat();
        FloatBuffer lvb = logvarBias.data().asNioFloat();
        FloatBuffer e = eps.data().asNioFloat();
        FloatBuffer s = std.data().asNioFloat();
        FloatBuffer zb = z.data().asNioFloat();
        int mb0 = start(muBias);
        int lvb0 = start(logvarBias);
        sameColumns(mu, logvar, eps, std, z);
        int cols = (int) mu.columns();
        double kl = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                float mi = m.get(i) + mb.get(mb0 + j);
                float lvi = lv.get(i) + lvb.get(lvb0 + j);
                float si = (float) Math.exp(0.5 * lvi);
                m.put(i, mi);
                lv.put(i, lvi);
                s.put(i, si);
                zb.put(i, mi + si * e.get(i));
                kl += (double) mi * mi + (double) si * si - 1.0 - lvi;
            }
        }
        return 0.5 * kl;
    }

    @Override
    void reluGradient(INDArray d, INDArray h, int n) {
        FloatBuffer db = d.data().asNioFloat();
        FloatBuffer hb = h.data().asNioFloat();
        for (int i = 0; i < n; i++) {
            // h is a relu output, +0 or positive (or NaN): -bits(h) >> 31 is all ones exactly when
            // h > 0. A mask, not a branch: the branch on h's sign was mispredicted half the time.
            int keep = -Float.floatToRawIntBits(hb.get(i)) >> 31;
            db.put(i, Float.intBitsToFloat(Float.floatToRawIntBits(db.get(i)) & keep));
        }
    }

    @Override
    void latentGradient(
            INDArray mu,
            INDArray eps,
            INDArray std,
            INDArray dz,
            INDArray dmu,
            INDArray dlogvar,
            int n,
            double klScale) {
        FloatBuffer m = mu.data().asNioFloat();
        FloatBuffer e = eps.data().asNioFloat();
        FloatBuffer s = std.data().asNioFloat();
        FloatBuffer g = dz.data().asNioFloat();
        FloatBuffer gm = dmu.data().asNioFloat();
        FloatBuffer glv = dlogvar.data().asNioFloat();
        float k = (float) klScale;
        for (int i = 0; i < n; i++) {
            float si = s.get(i);
            float gi = g.get(i);
            gm.put(i, gi + k * m.get(i));
            glv.put(i, 0.5f * (gi * e.get(i) * si + k * (si * si - 1f)));
        }
    }
}
