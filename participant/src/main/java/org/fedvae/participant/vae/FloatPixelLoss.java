package org.fedvae.participant.vae;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pixel term of the loss, BCE with logits {@code relu(l) - x l + log1p(exp(-|l|))}, and its
 * gradient {@code sigmoid(l) - x}, in float, on heap copies of the logits and pixels so that the
 * JIT vectorizes the loops. Java's Math.exp and Math.log1p cost 10 to 30 ns a value and libnd4j's
 * exp and log1p ops are two more passes over memory; here exp is Cephes' expf (range reduction
 * to |r| <= ln2/2, degree 7 polynomial, about 1 ulp) and log1p(e) for e in (0, 1] the series
 * 2 atanh(e / (2 + e)) to the term in u^13 (truncation below 1.5e-8 relative). Only the scaling
 * by 2^k reads the float's bits, which C2 does not vectorize, so it is a loop of its own.
 */
final class FloatPixelLoss {

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUNDER = 0x1.8p23f; // (y + ROUNDER) - ROUNDER rounds y to an integer
    private static final float MIN_EXPONENT = -87.3f; // exp below is flushed: 2^k stays normal
    private static final float STEP = 0x1.0p100f;

    private final float[] l;
    private final float[] x;
    private final float[] e; // exp(-|l|), kept for the gradient
    private final float[] work;

    FloatPixelLoss(int capacity) {
        l = new float[capacity];
        x = new float[capacity];
        e = new float[capacity];
        work = new float[capacity];
    }

    /** Sum over the first {@code rows} rows of the BCE; keeps what {@link #gradient} needs. */
    double sum(INDArray logits, INDArray pixels, int rows) {
        PassLoops.sameColumns(logits, pixels);
        int cols = (int) logits.columns();
        int n = rows * cols;
        logits.data().asNioFloat().get(PassLoops.start(logits), l, 0, n);
        pixels.data().asNioFloat().get(PassLoops.start(pixels), x, 0, n);
        float[] k = work;
        for (int i = 0; i < n; i++) { // exp(t) = 2^k p(r), t = -|l|: the polynomial p(r) and k
            float t = Math.max(-Math.abs(l[i]), MIN_EXPONENT);
            float kf = (t * LOG2E + ROUNDER) - ROUNDER;
            float r = t - kf * LN2_HI - kf * LN2_LO;
            float r2 = r * r;
            float p = 1.9875691500e-4f;
            p = p * r + 1.3981999507e-3f;
            p = p * r + 8.3334519073e-3f;
            p = p * r + 4.1665795894e-2f;
            p = p * r + 1.6666665459e-1f;
            p = p * r + 5.0000001201e-1f;
            e[i] = p * r2 + r + 1f;
            k[i] = kf;
        }
        for (int i = 0; i < n; i++) { // times 2^k, k in [-126, 0]
            e[i] *= Float.intBitsToFloat(((int) k[i] + 127) << 23);
        }
        float[] term = work;
        for (int i = 0; i < n; i++) {
            float ei = e[i];
            float u = ei / (2f + ei);
            float w = u * u;
            float log1p = 2f
                    * u
                    * (1f + w * (1f / 3 + w * (1f / 5 + w * (1f / 7 + w * (1f / 9 + w * (1f / 11 + w * (1f / 13)))))));
            float li = l[i];
            term[i] = Math.max(li, 0f) - x[i] * li + log1p;
        }
        double total = 0;
        for (int r = 0; r < rows; r++) { // per row in float (four chains), rows in double
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int at = r * cols;
            int j = 0;
            for (; j + 3 < cols; j += 4) {
                s0 += term[at + j];
                s1 += term[at + j + 1];
                s2 += term[at + j + 2];
                s3 += term[at + j + 3];
            }
            for (; j < cols; j++) {
                s0 += term[at + j];
            }
            total += (double) (s0 + s1) + (s2 + s3);
        }
        return total;
    }

    /**
     * Writes scale (sigmoid(l) - x) into the first {@code n} values of {@code out}, for the
     * logits and pixels of the last {@link #sum}. sigmoid(l) = max(e, [l >= 0]) / (1 + e) with
     * e = exp(-|l|); the step [l >= 0] is clamp(l 2^100 + 1, 0, 1), exact wherever e < 1, so
     * that the loop has no branch.
     */
    void gradient(INDArray out, int n, double scale) {
        float c = (float) scale;
        float[] g = work;
        for (int i = 0; i < n; i++) {
            float ei = e[i];
            float step = Math.min(Math.max(l[i] * STEP + 1f, 0f), 1f);
            g[i] = c * (Math.max(ei, step) / (1f + ei) - x[i]);
        }
        FloatBuffer ob = out.data().asNioFloat();
        ob.put(PassLoops.start(out), g, 0, n);
    }
}
