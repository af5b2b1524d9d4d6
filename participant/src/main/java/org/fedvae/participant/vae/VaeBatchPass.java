package org.fedvae.participant.vae;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward and backward pass of the VAE for a batch of exactly {@code rows} images, written out by
 * hand on preallocated buffers. Rows are images; a layer computes {@code y = x W^T + b} with W
 * stored [out, in], so every matrix product is one {@code Nd4j.gemm} writing into a buffer or
 * straight into a gradient view (no transposed copies). Everything between the products (bias,
 * relu, sampling, loss, their gradients) is fused into a few Java loops ({@link PassLoops});
 * {@link #forward} computes the loss from the values it already has.
 *
 * <p>Per-image loss: sum over pixels of BCE-with-logits, {@code softplus(l) - x l}, computed as
 * {@code relu(l) - x l + log1p(exp(-|l|))} so it never overflows, plus
 * {@code beta * KL(N(mu, sigma^2) || N(0, I)) = beta * 0.5 * sum(mu^2 + sigma^2 - 1 - logvar)}.
 *
 * <p>The conditional VAE (cvae) adds the one-hot label {@link #y} to the inputs of enc.fc1 and
 * dec.fc1. Concatenating it to x (or z) is the same as adding {@code y L^T} with L the label
 * columns of the layer's weight, which VaeLayout stores as their own tensors: so each layer gets
 * one more accumulating gemm forward and one more weight gradient backward, and nothing else of
 * the pass (buffers, BCE over the pixels, KL) changes. With no labels (y null) the pass is the
 * plain VAE's, operation for operation.
 *
 * <p>Buffers are allocated detached in the constructor; the caller must construct this outside
 * any workspace and may run the passes inside one (only reduction scalars are allocated there).
 */
final class VaeBatchPass {

    final int rows;
    private final int input;
    private final int latent;
    private final double beta;
    private final int classes; // 0: plain VAE
    private final PassLoops loops;
    private double bceSum; // of the last forward
    private double klSum; // of the last forward

    // activations
    final INDArray x; // [rows, input] pixels in [0, 1]
    final INDArray y; // [rows, classes] one-hot labels (cvae); null in the plain VAE
    final INDArray h1; // [rows, hidden] relu(x W1^T + b1)
    final INDArray mu; // [rows, latent]
    final INDArray logvar; // [rows, latent]
    final INDArray std; // [rows, latent] exp(0.5 logvar)
    final INDArray eps; // [rows, latent] N(0, 1) noise
    final INDArray z; // [rows, latent] mu + std * eps
    final INDArray h2; // [rows, hidden]
    final INDArray logits; // [rows, input]
    final INDArray out; // [rows, input] sigmoid(logits), or dLoss/dlogits after backward
    // scratch and activation gradients
    final INDArray dh2;
    final INDArray dz;
    final INDArray dmu;
    final INDArray dlogvar;
    final INDArray dh1;
    private final INDArray ones; // [1, rows]: ones * M sums M over the batch (bias gradients)
    private final float[] noiseStaging;
    private final float[] labelStaging; // null in the plain VAE

    VaeBatchPass(VaeConfig c, DataType type, int rows) {
        this.rows = rows;
        this.input = c.inputSize();
        this.latent = c.latentSize();
        this.beta = c.beta();
        this.classes = c.labelCount();
        this.loops = PassLoops.of(type, rows * input);
        int hid = c.hiddenSize();
        x = Nd4j.zeros(type, rows, input);
        y = classes > 0 ? Nd4j.zeros(type, rows, classes) : null;
        h1 = Nd4j.zeros(type, rows, hid);
        mu = Nd4j.zeros(type, rows, latent);
        logvar = Nd4j.zeros(type, rows, latent);
        std = Nd4j.zeros(type, rows, latent);
        eps = Nd4j.zeros(type, rows, latent);
        z = Nd4j.zeros(type, rows, latent);
        h2 = Nd4j.zeros(type, rows, hid);
        logits = Nd4j.zeros(type, rows, input);
        out = Nd4j.zeros(type, rows, input);
        dh2 = Nd4j.zeros(type, rows, hid);
        dz = Nd4j.zeros(type, rows, latent);
        dmu = Nd4j.zeros(type, rows, latent);
        dlogvar = Nd4j.zeros(type, rows, latent);
        dh1 = Nd4j.zeros(type, rows, hid);
        ones = Nd4j.ones(type, 1, rows);
        noiseStaging = new float[rows * latent];
        labelStaging = classes > 0 ? new float[rows * classes] : null;
    }

    /** The first {@code rows} images of {@code whole}: views on its buffers, nothing allocated. */
    private VaeBatchPass(VaeBatchPass whole, int rows) {
        this.rows = rows;
        this.input = whole.input;
        this.latent = whole.latent;
        this.beta = whole.beta;
        this.classes = whole.classes;
        this.loops = whole.loops;
        x = firstRows(whole.x, rows);
        y = whole.y == null ? null : firstRows(whole.y, rows);
        h1 = firstRows(whole.h1, rows);
        mu = firstRows(whole.mu, rows);
        logvar = firstRows(whole.logvar, rows);
        std = firstRows(whole.std, rows);
        eps = firstRows(whole.eps, rows);
        z = firstRows(whole.z, rows);
        h2 = firstRows(whole.h2, rows);
        logits = firstRows(whole.logits, rows);
        out = firstRows(whole.out, rows);
        dh2 = firstRows(whole.dh2, rows);
        dz = firstRows(whole.dz, rows);
        dmu = firstRows(whole.dmu, rows);
        dlogvar = firstRows(whole.dlogvar, rows);
        dh1 = firstRows(whole.dh1, rows);
        ones = Nd4j.create(
                whole.ones.data(), new long[] {1, rows}, new long[] {rows, 1}, 0, 'c', whole.ones.dataType());
        noiseStaging = whole.noiseStaging;
        labelStaging = whole.labelStaging;
    }

    /**
     * A pass over the first {@code n} rows of this one's buffers, for batches whose size varies
     * from step to step (Poisson sampling) without allocating a pass per size.
     */
    VaeBatchPass firstRows(int n) {
        if (n < 1 || n > rows) {
            throw new IllegalArgumentException(n + " rows do not fit a pass of " + rows);
        }
        return n == rows ? this : new VaeBatchPass(this, n);
    }

    private static INDArray firstRows(INDArray a, int n) {
        long cols = a.columns();
        return Nd4j.create(a.data(), new long[] {n, cols}, new long[] {cols, 1}, 0, 'c', a.dataType());
    }

    /** Loads {@code rows} images (row-major pixels) as the batch. */
    void loadImages(float[] pixels) {
        NdCopy.load(pixels, rows * input, x);
    }

    /**
     * Loads the batch's labels as one-hot rows (cvae only); each must be in [0, classes), which
     * the caller checked (see {@link LabelCheck}).
     */
    void loadLabels(int[] labels) {
        java.util.Arrays.fill(labelStaging, 0f);
        for (int i = 0; i < rows; i++) {
            labelStaging[i * classes + labels[i]] = 1f;
        }
        NdCopy.load(labelStaging, rows * classes, y);
    }

    /** Draws the reparameterisation noise from {@code rng}, image by image. */
    void drawNoise(RandomGenerator rng) {
        int n = rows * latent;
        for (int i = 0; i < n; i++) {
            noiseStaging[i] = (float) rng.nextGaussian();
        }
        NdCopy.load(noiseStaging, n, eps);
    }

    /** Sets the noise to zero, so that z = mu (deterministic reconstructions). */
    void zeroNoise() {
        eps.assign(0);
    }

    /** Uses the given noise (rows * latent values), e.g. fixed noise for a gradient check. */
    void loadNoise(float[] noise) {
        NdCopy.load(noise, rows * latent, eps);
    }

    /** Encoder, reparameterisation and decoder up to the logits, and the loss. */
    void forward(VaeTensors p) {
        Nd4j.gemm(x, p.encFc1W, h1, false, true, 1.0, 0.0);
        if (y != null) {
            Nd4j.gemm(y, p.encFc1Label, h1, false, true, 1.0, 1.0); // the label's columns of enc.fc1
        }
        loops.addBiasRelu(h1, p.encFc1B, rows);
        Nd4j.gemm(h1, p.encMuW, mu, false, true, 1.0, 0.0);
        Nd4j.gemm(h1, p.encLogvarW, logvar, false, true, 1.0, 0.0);
        klSum = loops.sampleLatent(mu, p.encMuB, logvar, p.encLogvarB, eps, std, z, rows);
        decodeLatents(p);
        bceSum = loops.pixelLoss(logits, x, rows);
    }

    /** Decoder only: from the values in {@link #z} to the logits. */
    void decodeLatents(VaeTensors p) {
        Nd4j.gemm(z, p.decFc1W, h2, false, true, 1.0, 0.0);
        if (y != null) {
            Nd4j.gemm(y, p.decFc1Label, h2, false, true, 1.0, 1.0); // the label's columns of dec.fc1
        }
        loops.addBiasRelu(h2, p.decFc1B, rows);
        // the bias first, then the product added to it (beta 1): OpenBLAS's pass zeroing the
        // output for beta 0 becomes the bias's copy, and no pass adds the bias afterwards
        loops.fillRows(logits, p.decOutB, rows);
        Nd4j.gemm(h2, p.decOutW, logits, false, true, 1.0, 1.0);
    }

    /** Writes sigmoid(logits), the decoded pixels, into {@link #out}. */
    void decodedPixels() {
        Nd4j.exec(new Sigmoid(logits, out));
    }

    /** Sum over the batch of the reconstruction term (BCE over pixels), after {@link #forward}. */
    double bceSum() {
        return bceSum;
    }

    /** Sum over the batch of KL(N(mu, std^2) || N(0, I)), in double, after {@link #forward}. */
    double klSum() {
        return klSum;
    }

    /** Sum over the batch of the per-image loss BCE + beta * KL, after {@link #forward}. */
    double lossSum() {
        return bceSum + beta * klSum;
    }

    /**
     * Writes into {@code g} the gradient of {@code scale * sum over the batch of the per-image
     * loss} with respect to every parameter, after {@link #forward} with the same parameters.
     */
    void backward(VaeTensors p, VaeTensors g, double scale) {
        activationGradients(p, scale);
        weightGradients(g);
    }

    /**
     * Backpropagates to every layer's output gradient, row by row (image by image): the
     * gradients of {@code scale * per-image loss}, no parameter gradient yet. Linear in each
     * image's loss, so scaling an image's rows here scales its share of every parameter gradient.
     */
    void activationGradients(VaeTensors p, double scale) {
        // d/dlogits of BCE-with-logits: sigmoid(l) - x, from what forward's loss computed
        loops.pixelGradient(logits, x, out, rows * input, scale);
        Nd4j.gemm(out, p.decOutW, dh2, false, false, 1.0, 0.0);
        loops.reluGradient(dh2, h2, (int) dh2.length());
        Nd4j.gemm(dh2, p.decFc1W, dz, false, false, 1.0, 0.0);

        // z = mu + exp(0.5 logvar) eps; KL' = beta * (mu, 0.5 (exp(logvar) - 1))
        loops.latentGradient(mu, eps, std, dz, dmu, dlogvar, rows * latent, scale * beta);

        Nd4j.gemm(dmu, p.encMuW, dh1, false, false, 1.0, 0.0);
        Nd4j.gemm(dlogvar, p.encLogvarW, dh1, false, false, 1.0, 1.0);
        loops.reluGradient(dh1, h1, (int) dh1.length());
    }

    /** Multiplies image i's output gradients at every layer by {@code factors[i]}. */
    void scaleImages(double[] factors) {
        INDArray f = Nd4j.create(factors, new long[] {rows, 1}, out.dataType());
        out.muliColumnVector(f);
        dh2.muliColumnVector(f);
        dmu.muliColumnVector(f);
        dlogvar.muliColumnVector(f);
        dh1.muliColumnVector(f);
    }

    /** The parameter gradients, sums over the batch, from {@link #activationGradients}. */
    void weightGradients(VaeTensors g) {
        Nd4j.gemm(out, h2, g.decOutW, true, false, 1.0, 0.0);
        Nd4j.gemm(ones, out, g.decOutB, false, false, 1.0, 0.0);
        Nd4j.gemm(dh2, z, g.decFc1W, true, false, 1.0, 0.0);
        Nd4j.gemm(ones, dh2, g.decFc1B, false, false, 1.0, 0.0);
        Nd4j.gemm(dmu, h1, g.encMuW, true, false, 1.0, 0.0);
        Nd4j.gemm(ones, dmu, g.encMuB, false, false, 1.0, 0.0);
        Nd4j.gemm(dlogvar, h1, g.encLogvarW, true, false, 1.0, 0.0);
        Nd4j.gemm(ones, dlogvar, g.encLogvarB, false, false, 1.0, 0.0);
        Nd4j.gemm(dh1, x, g.encFc1W, true, false, 1.0, 0.0);
        Nd4j.gemm(ones, dh1, g.encFc1B, false, false, 1.0, 0.0);
        if (y != null) {
            Nd4j.gemm(dh2, y, g.decFc1Label, true, false, 1.0, 0.0);
            Nd4j.gemm(dh1, y, g.encFc1Label, true, false, 1.0, 0.0);
        }
    }
}
