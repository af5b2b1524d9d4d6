package org.fedvae.participant.vae;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise work of a {@link VaeBatchPass}, fused into Java loops over the arrays' native
 * memory (a direct NIO view, no copy). Each loop does in one pass what took two to seven ND4J
 * ops, each op a JNI call, a pass over memory and, for several of them, a std::function call
 * per element; the matrix products stay ND4J's (OpenBLAS) GEMMs. One implementation per data
 * type: {@link FloatPassLoops} trains; {@link DoublePassLoops}, the same loops in double, is what
 * the gradient checks test, and a test holds the two to agreement.
 *
 * <p>Arrays are row-major and contiguous. A pass's buffers start at their memory's first
 * element (whole arrays, or a pass's first rows); the biases, views into the flat parameter
 * vector, start at their offset ({@link #start}).
 */
abstract class PassLoops {

    /** Loops for a pass of up to {@code pixels} = rows * input values per image array. */
    static PassLoops of(DataType type, int pixels) {
        if (type == DataType.FLOAT) {
            return new FloatPassLoops(pixels);
        }
        if (type == DataType.DOUBLE) {
            return new DoublePassLoops(pixels);
        }
        throw new IllegalArgumentException("unsupported data type " + type);
    }

    /** a[r, j] = relu(a[r, j] + bias[j]) over the first {@code rows} rows. */
    abstract void addBiasRelu(INDArray a, INDArray bias, int rows);

    /** Every one of the first {@code rows} rows of {@code a} = {@code row} (a bias, for a GEMM with beta 1). */
    abstract void fillRows(INDArray a, INDArray row, int rows);

    /**
     * Sum over the first {@code rows} rows of the BCE with logits, {@code relu(l) - x l +
     * log1p(exp(-|l|))}, which never overflows; keeps what {@link #pixelGradient} needs.
     */
    abstract double pixelLoss(INDArray logits, INDArray x, int rows);

    /** out = scale (sigmoid(l) - x) over the first {@code n} values, for the logits and pixels of the last pixelLoss. */
    abstract void pixelGradient(INDArray logits, INDArray x, INDArray out, int n, double scale);

    /**
     * Adds the biases to mu and logvar, then std = exp(logvar / 2) and z = mu + std eps, over the
     * first {@code rows} rows; returns the KL sum, 0.5 sum(mu^2 + std^2 - 1 - logvar).
     */
    abstract double sampleLatent(
            INDArray mu,
            INDArray muBias,
            INDArray logvar,
            INDArray logvarBias,
            INDArray eps,
            INDArray std,
            INDArray z,
            int rows);

    /** d = 0 where h is not positive (relu's derivative), over the first {@code n} values; h >= +0 (a relu output). */
    abstract void reluGradient(INDArray d, INDArray h, int n);

    /**
     * From dz, the gradient at z = mu + std eps, and the KL term's (scaled by klScale):
     * dmu = dz + klScale mu, dlogvar = 0.5 (dz eps std + klScale (std^2 - 1)), first {@code n} values.
     */
    abstract void latentGradient(
            INDArray mu,
            INDArray eps,
            INDArray std,
            INDArray dz,
            INDArray dmu,
            INDArray dlogvar,
            int n,
            double klScale);

    /**
     * Fails unless every array has {@code a}'s number of columns: the loops index them alike
     * (e.g. a decoder input wider than the latent sample needs its own buffer, not z).
     */
    static void sameColumns(INDArray a, INDArray... others) {
        for (INDArray o : others) {
            if (o.columns() != a.columns()) {
                throw new IllegalArgumentException("arrays indexed alike differ in width: " + a.shapeInfoToString()
                        + " vs " + o.shapeInfoToString());
            }
        }
    }

    /**
     * Index of {@code a}'s first element in its NIO view: {@code asNioFloat()} and
     * {@code asNioDouble()} of a view's buffer start at the root allocation, so a view at an
     * offset (the biases in the flat parameter vector) starts at its offset.
     */
    static int start(INDArray a) {
        long at = a.offset();
        if (at + a.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array too large for an NIO view: " + a.shapeInfoToString());
        }
        return (int) at;
    }
}
