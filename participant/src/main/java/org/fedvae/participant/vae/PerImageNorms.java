package org.fedvae.participant.vae;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DP-SGD's per-image gradient norms from one batch pass, without per-image gradients: for a
 * dense layer the gradient of image i is the outer product of its output gradient and its input.
 */
final class PerImageNorms {

    private PerImageNorms() {}

    /**
     * Squared L2 norm, over ALL parameters, of each image's own gradient (after
     * {@link VaeBatchPass#activationGradients}). A dense layer's weight gradient for image i is the outer
     * product d_i a_i^T, whose squared norm is |d_i|^2 |a_i|^2; its bias gradient is d_i.
     */
    static double[] of(VaeBatchPass p) {
        double[] out2 = rowSquares(p.out, p.rows);
        double[] h2Sq = rowSquares(p.h2, p.rows);
        double[] dh2Sq = rowSquares(p.dh2, p.rows);
        double[] zSq = rowSquares(p.z, p.rows);
        double[] dmuSq = rowSquares(p.dmu, p.rows);
        double[] dlogvarSq = rowSquares(p.dlogvar, p.rows);
        double[] h1Sq = rowSquares(p.h1, p.rows);
        double[] dh1Sq = rowSquares(p.dh1, p.rows);
        double[] xSq = rowSquares(p.x, p.rows);
        double[] norms = new double[p.rows];
        for (int i = 0; i < p.rows; i++) {
            norms[i] = out2[i] * (h2Sq[i] + 1)
                    + dh2Sq[i] * (zSq[i] + 1)
                    + (dmuSq[i] + dlogvarSq[i]) * (h1Sq[i] + 1)
                    + dh1Sq[i] * (xSq[i] + 1);
            if (p.y != null) {
                // the cvae's label columns of dec.fc1 and enc.fc1: outer products with a one-hot (norm 1)
                norms[i] += dh2Sq[i] + dh1Sq[i];
            }
        }
        return norms;
    }

    /** Squared L2 norm of each row, summed in Java over the buffer (ND4J's per-row reductions cost more). */
    private static double[] rowSquares(INDArray a, int rows) {
        int cols = (int) a.columns();
        double[] v = new double[rows];
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int i = 0; i < rows; i++) {
                float s0 = 0;
                float s1 = 0;
                int at = i * cols;
                int j = 0;
                for (; j + 1 < cols; j += 2) {
                    float u = b.get(at + j);
                    float w = b.get(at + j + 1);
                    s0 += u * u;
                    s1 += w * w;
                }
                if (j < cols) {
                    float u = b.get(at + j);
                    s0 += u * u;
                }
                v[i] = (double) s0 + s1;
            }
        } else {
            double[] d = NdCopy.readDoubles(a, rows * cols);
            for (int i = 0; i < rows; i++) {
                double s = 0;
                for (int j = i * cols; j < (i + 1) * cols; j++) {
                    s += d[j] * d[j];
                }
                v[i] = s;
            }
        }
        return v;
    }
}
