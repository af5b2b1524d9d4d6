package org.fedvae.protocol.encoding;

/**
 * A site's evaluation of the global model it received, on its own test set: it leaves the site
 * only as trailer words of the masked vector ({@link VectorLayout}), never on its own.
 *
 * @param meanLoss mean loss per test image, nats; NaN or infinite for a diverged evaluation
 * @param samples  test images evaluated; 0 when the site has none
 */
public record LocalEvaluation(double meanLoss, int samples) {

    /** No evaluation: the site contributes count 0 and loss 0. */
    public static final LocalEvaluation NONE = new LocalEvaluation(Double.NaN, 0);

    public LocalEvaluation {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative, got " + samples);
        }
    }
}
