package org.fedvae.participant.vae;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link PassLoops} in double: the loops of {@link FloatPassLoops} line for line, but the pixel
 * loss with Java's exact Math.exp and Math.log1p (slow, but this class serves the gradient checks).
 */
final class DoublePassLoops extends PassLoops {

    private final double[] expNegAbs;

    DoublePassLoops(int capacity) {
        expNegAbs = new double[capacity];
    }

    @Override
    void fillRows(INDArray a, INDArray bias, int rows) {
        DoubleBuffer ab = a.data().asNioDouble();
        DoubleBuffer bb = bias.data().asNioDouble();
        int a0 = start(a);
        int b0 = start(bias);
        int cols = (int) a.columns();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                ab.put(a0 + r * cols + j, bb.get(b0 + j));
            }
        }
    }

    @Override
    double pixelLoss(INDArray logits, INDArray x, int rows) {
        DoubleBuffer lb = logits.data().asNioDouble();
        DoubleBuffer xb = x.data().asNioDouble();
        int n = rows * (int) logits.columns();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double l = lb.get(i);
            double e = Math.exp(-Math.abs(l));
            expNegAbs[i] = e;
            sum += Math.max(l, 0.0) - xb.get(i) * l + Math.log1p(e);
        }
        return sum;
    }

    @Override
    void pixelGradient(INDArray logits, INDArray x, INDArray out, int n, double scale) {
        DoubleBuffer lb = logits.data().asNioDouble();
        DoubleBuffer xb = x.data().asNioDouble();
        DoubleBuffer ob = out.data().asNioDouble();
        for (int i = 0; i < n; i++) {
            double e = expNegAbs[i];
            double sigmoid = lb.get(i) >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            ob.put(i, scale * (sigmoid - xb.get(i)));
        }
    }

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
        sameColumns(mu, logvar, eps, std, z);
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
