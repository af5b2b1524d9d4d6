package org.fedvae.participant.vae;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link PassLoops} in double: line for line the loops of {@link FloatPassLoops}, for the gradient checks. */
final class DoublePassLoops extends PassLoops {

    @Override
    void addBiasRelu(INDArray a, INDArray bias, int rows) {
        DoubleBuffer ab = a.data().asNioDouble();
        DoubleBuffer bb = bias.data().asNioDouble();
        int a0 = start(a);
        int b0 = start(bias);
        int cols = (int) a.columns();
        for (int r = 0; r < rows; r++) {
            int at = a0 + r * cols;
            for (int j = 0; j < cols; j++) {
                ab.put(at + j, Math.max(ab.get(at + j) + bb.get(b0 + j), 0.0));
            }
        }
    }

    @Override
    void addBiasNegAbs(INDArray logits, INDArray bias, INDArray negAbs, int rows) {
        DoubleBuffer lb = logits.data().asNioDouble();
        DoubleBuffer bb = bias.data().asNioDouble();
        DoubleBuffer nb = negAbs.data().asNioDouble();
        int l0 = start(logits);
        int b0 = start(bias);
        int n0 = start(negAbs);
        int cols = (int) logits.columns();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < cols; j++) {
                double l = lb.get(l0 + row + j) + bb.get(b0 + j);
                lb.put(l0 + row + j, l);
                nb.put(n0 + row + j, -Math.abs(l));
            }
        }
    }

    @Override
    double bceSum(INDArray logits, INDArray x, INDArray log1pExp, int n) {
        DoubleBuffer lb = logits.data().asNioDouble();
        DoubleBuffer xb = x.data().asNioDouble();
        DoubleBuffer pb = log1pExp.data().asNioDouble();
        int l0 = start(logits);
        int x0 = start(x);
        int p0 = start(log1pExp);
        double s0 = 0;
        double s1 = 0; // two chains: the adds' latency, not their count, bounds this loop
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double la = lb.get(l0 + i);
            double lc = lb.get(l0 + i + 1);
            s0 += Math.max(la, 0.0) - xb.get(x0 + i) * la + pb.get(p0 + i);
            s1 += Math.max(lc, 0.0) - xb.get(x0 + i + 1) * lc + pb.get(p0 + i + 1);
        }
        if (i < n) {
            double l = lb.get(l0 + i);
            s0 += Math.max(l, 0.0) - xb.get(x0 + i) * l + pb.get(p0 + i);
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
        DoubleBuffer m = mu.data().asNioDouble();
        DoubleBuffer mb = muBias.data().asNioDouble();
        DoubleBuffer lv = logvar.data().asNioDouble();
        DoubleBuffer lvb = logvarBias.data().asNioDouble();
        DoubleBuffer e = eps.data().asNioDouble();
        DoubleBuffer s = std.data().asNioDouble();
        DoubleBuffer zb = z.data().asNioDouble();
        int mb0 = start(muBias);
        int lvb0 = start(logvarBias);
        int cols = (int) mu.columns();
        double kl = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                double mi = m.get(i) + mb.get(mb0 + j);
                double lvi = lv.get(i) + lvb.get(lvb0 + j);
                double si = Math.exp(0.5 * lvi);
                m.put(i, mi);
                lv.put(i, lvi);
                s.put(i, si);
                zb.put(i, mi + si * e.get(i));
                kl += mi * mi + si * si - 1.0 - lvi;
            }
        }
        return 0.5 * kl;
    }

    @Override
    void bceGradient(INDArray logits, INDArray expNegAbs, INDArray x, INDArray out, int n, double scale) {
        DoubleBuffer lb = logits.data().asNioDouble();
        DoubleBuffer eb = expNegAbs.data().asNioDouble();
        DoubleBuffer xb = x.data().asNioDouble();
        DoubleBuffer ob = out.data().asNioDouble();
        double c = scale;
        for (int i = 0; i < n; i++) {
            double e = eb.get(i);
            double inv = 1.0 / (1.0 + e);
            double sigmoid = lb.get(i) >= 0 ? inv : e * inv;
            ob.put(i, c * (sigmoid - xb.get(i)));
        }
    }

    @Override
    void reluGradient(INDArray d, INDArray h, int n) {
        DoubleBuffer db = d.data().asNioDouble();
        DoubleBuffer hb = h.data().asNioDouble();
        for (int i = 0; i < n; i++) {
            long keep = -Double.doubleToRawLongBits(hb.get(i)) >> 63; // all ones exactly when h > 0, as in float
            db.put(i, Double.longBitsToDouble(Double.doubleToRawLongBits(db.get(i)) & keep));
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
        DoubleBuffer m = mu.data().asNioDouble();
        DoubleBuffer e = eps.data().asNioDouble();
        DoubleBuffer s = std.data().asNioDouble();
        DoubleBuffer g = dz.data().asNioDouble();
        DoubleBuffer gm = dmu.data().asNioDouble();
        DoubleBuffer glv = dlogvar.data().asNioDouble();
        double k = klScale;
        for (int i = 0; i < n; i++) {
            double si = s.get(i);
            double gi = g.get(i);
            gm.put(i, gi + k * m.get(i));
            glv.put(i, 0.5 * (gi * e.get(i) * si + k * (si * si - 1.0)));
        }
    }
}
