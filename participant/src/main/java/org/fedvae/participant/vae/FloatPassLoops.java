package org.fedvae.participant.vae;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link PassLoops} in float. Simple counted loops over the direct buffers; sums accumulate in
 * double.
 */
final class FloatPassLoops extends PassLoops {

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
    void addBiasNegAbs(INDArray logits, INDArray bias, INDArray negAbs, int rows) {
        FloatBuffer lb = logits.data().asNioFloat();
        FloatBuffer bb = bias.data().asNioFloat();
        FloatBuffer nb = negAbs.data().asNioFloat();
        int l0 = start(logits);
        int b0 = start(bias);
        int n0 = start(negAbs);
        int cols = (int) logits.columns();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < cols; j++) {
                float l = lb.get(l0 + row + j) + bb.get(b0 + j);
                lb.put(l0 + row + j, l);
                nb.put(n0 + row + j, -Math.abs(l));
            }
        }
    }

    @Override
    double bceSum(INDArray logits, INDArray x, INDArray log1pExp, int n) {
        FloatBuffer lb = logits.data().asNioFloat();
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer pb = log1pExp.data().asNioFloat();
        int l0 = start(logits);
        int x0 = start(x);
        int p0 = start(log1pExp);
        double s0 = 0;
        double s1 = 0; // two chains: the adds' latency, not their count, bounds this loop
        int i = 0;
        for (; i + 1 < n; i += 2) {
            float la = lb.get(l0 + i);
            float lc = lb.get(l0 + i + 1);
            s0 += Math.max(la, 0f) - xb.get(x0 + i) * la + pb.get(p0 + i);
            s1 += Math.max(lc, 0f) - xb.get(x0 + i + 1) * lc + pb.get(p0 + i + 1);
        }
        if (i < n) {
            float l = lb.get(l0 + i);
            s0 += Math.max(l, 0f) - xb.get(x0 + i) * l + pb.get(p0 + i);
        }
        return s0 + s1;
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
    void bceGradient(INDArray logits, INDArray expNegAbs, INDArray x, INDArray out, int n, double scale) {
        FloatBuffer lb = logits.data().asNioFloat();
        FloatBuffer eb = expNegAbs.data().asNioFloat();
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        float c = (float) scale;
        for (int i = 0; i < n; i++) {
            float e = eb.get(i);
            float inv = 1f / (1f + e);
            float sigmoid = lb.get(i) >= 0 ? inv : e * inv;
            ob.put(i, c * (sigmoid - xb.get(i)));
        }
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
