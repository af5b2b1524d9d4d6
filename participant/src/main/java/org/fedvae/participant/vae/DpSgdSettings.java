package org.fedvae.participant.vae;

/**
 * DP-SGD's parameters for one stretch of training.
 *
 * @param clipNorm        C: each image's gradient (of its own loss, over all parameters) is scaled
 *                        to L2 norm at most C
 * @param noiseMultiplier sigma: the summed clipped gradient gets N(0, sigma^2 C^2) per coordinate
 * @param samplingRate    q: each image joins each step's batch independently with probability q;
 *                        an epoch is round(1/q) steps
 */
public record DpSgdSettings(double clipNorm, double noiseMultiplier, double samplingRate) {

    public DpSgdSettings {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("the clip norm must be finite and > 0: " + clipNorm);
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("the noise multiplier must be finite and >= 0: " + noiseMultiplier);
        }
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("the sampling rate must be in (0, 1]: " + samplingRate);
        }
    }

    /** The sampling rate of an expected batch of {@code batchSize} out of {@code images}. */
    public static double samplingRate(int batchSize, int images) {
        return Math.min(1.0, (double) batchSize / images);
    }

    /** Steps in one epoch: one pass over the data in expectation. */
    public long stepsPerEpoch() {
        return Math.max(1, Math.round(1.0 / samplingRate));
    }
}
