package org.fedvae.protocol.encoding;

/**
 * The cohort totals carried by the trailer words of an unmasked sum ({@link UpdateDecoder#decodeEvaluation}):
 * all the coordinator learns about the sites' evaluations and clipping.
 *
 * @param lossUnits          the summed fixed-point loss sums, in units of 2^-{@value EncodingConfig#LOSS_FRACTION_BITS}
 *                           nat-images
 * @param samples            the summed (capped) test-sample counts
 * @param clippedCoordinates the summed clipped-coordinate counts
 */
public record CohortEvaluation(long lossUnits, long samples, long clippedCoordinates) {

    /** The sample-weighted mean of the sites' test losses, nats per image; NaN when no site evaluated. */
    public double meanLoss() {
        return samples == 0 ? Double.NaN : lossUnits / (samples * EncodingConfig.lossScale());
    }
}
