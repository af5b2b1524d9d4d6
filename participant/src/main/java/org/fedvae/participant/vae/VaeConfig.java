package org.fedvae.participant.vae;

/**
 * Sizes and training hyper-parameters of the VAE. {@link #defaults()} is the seed's reference
 * model: 784 -> 400 -> 20 (x2) -> 400 -> 784, beta 1, Adam learning rate 1e-3, batch 128.
 * The seed drives the initial weights and, mixed with other values, evaluation noise.
 *
 * <p>{@code labelCount} 0 is the plain VAE; a positive count is the conditional VAE (cvae), whose
 * encoder and decoder also see the image's label one-hot over that many classes.
 */
public record VaeConfig(
        int inputSize,
        int hiddenSize,
        int latentSize,
        double beta,
        double learningRate,
        int batchSize,
        long seed,
        int labelCount) {

    /** The plain VAE (no labels). */
    public VaeConfig(
            int inputSize, int hiddenSize, int latentSize, double beta, double learningRate, int batchSize, long seed) {
        this(inputSize, hiddenSize, latentSize, beta, learningRate, batchSize, seed, 0);
    }

    public static final int DEFAULT_INPUT = 784;
    public static final int DEFAULT_HIDDEN = 400;
    public static final int DEFAULT_LATENT = 20;
    public static final int DEFAULT_BATCH = 128;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    public VaeConfig {
        if (inputSize <= 0 || hiddenSize <= 0 || latentSize <= 0) {
            throw new IllegalArgumentException(
                    "layer sizes must be positive: " + inputSize + "-" + hiddenSize + "-" + latentSize);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and >= 0: " + beta);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0: " + learningRate);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        if (labelCount < 0) {
            throw new IllegalArgumentException("label count must be >= 0 (0: plain VAE): " + labelCount);
        }
    }

    /** True for the conditional VAE. */
    public boolean conditional() {
        return labelCount > 0;
    }

    /** The reference model with the given seed. */
    public static VaeConfig defaults(long seed) {
        return new VaeConfig(
                DEFAULT_INPUT, DEFAULT_HIDDEN, DEFAULT_LATENT, 1.0, DEFAULT_LEARNING_RATE, DEFAULT_BATCH, seed);
    }

    public VaeConfig withSeed(long newSeed) {
        return new VaeConfig(inputSize, hiddenSize, latentSize, beta, learningRate, batchSize, newSeed, labelCount);
    }

    public VaeConfig withBatchSize(int newBatchSize) {
        return new VaeConfig(inputSize, hiddenSize, latentSize, beta, learningRate, newBatchSize, seed, labelCount);
    }

    public VaeConfig withLearningRate(double newLearningRate) {
        return new VaeConfig(inputSize, hiddenSize, latentSize, beta, newLearningRate, batchSize, seed, labelCount);
    }

    public VaeConfig withBeta(double newBeta) {
        return new VaeConfig(inputSize, hiddenSize, latentSize, newBeta, learningRate, batchSize, seed, labelCount);
    }

    /** The same sizes with {@code count} labels (0: the plain VAE). */
    public VaeConfig withLabelCount(int count) {
        return new VaeConfig(inputSize, hiddenSize, latentSize, beta, learningRate, batchSize, seed, count);
    }
}
