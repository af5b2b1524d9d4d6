package org.fedvae.protocol.encoding.ddp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * What a client-level DP round declares (docs/PROTOCOL.md, section 7.1): the distributed discrete
 * Gaussian of Kairouz, Liu and Steinke (ICML 2021) on the model delta.
 *
 * @param dimension model coordinates d
 * @param blockSize the rotation's block B, a power of two (the vector is padded to a multiple)
 * @param clip L2 clipping norm C of a participant's delta (model units)
 * @param scale integer units per model unit (gamma = 1 / scale is the rounding granularity)
 * @param noiseStddev sigma: the standard deviation, in model units, of the noise on the SUM when
 *     {@code minContributors} participants each add their share
 * @param minContributors n_min: how many honest participants' noise the guarantee counts on; each
 *     adds a discrete Gaussian of variance (sigma * scale)^2 / n_min in integer units
 * @param maxParticipants the largest number of summed vectors (for the modular-clipping bound)
 */
public record DdpParameters(
        int dimension,
        int blockSize,
        double clip,
        double scale,
        double noiseStddev,
        int minContributors,
        int maxParticipants) {

    /** The ring: every sum is modulo 2^32. */
    public static final int MODULUS_BITS = 32;
    /** beta of conditional randomized rounding: exp(-1/2), as in Kairouz et al.'s experiments. */
    public static final double BETA = Math.exp(-0.5);
    /** The largest model delta length: the padded vector and its trailer must fit the round config. */
    public static final int MAX_DIMENSION = (1 << 30);
    /** A clipped, scaled coordinate must stay below 2^30 in magnitude. */
    private static final double MAX_SCALED_CLIP = 0x1p30;

    public DdpParameters {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be in 1.." + MAX_DIMENSION + ", got " + dimension);
        }
        if (blockSize < 1 || blockSize > (1 << 24) || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two up to 2^24, got " + blockSize);
        }
        if (!(clip > 0 && clip < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("clip must be positive and finite, got " + clip);
        }
        if (!(scale > 0 && clip * scale <= MAX_SCALED_CLIP)) {
            throw new IllegalArgumentException(
                    "scale must be positive with clip * scale <= 2^30, got scale " + scale + " for clip " + clip);
        }
        if (!(noiseStddev > 0 && noiseStddev < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("noise stddev must be positive and finite, got " + noiseStddev);
        }
        if (minContributors < 1 || maxParticipants < minContributors) {
            throw new IllegalArgumentException(
                    "need 1 <= minContributors <= maxParticipants, got " + minContributors + " and " + maxParticipants);
        }
        if (localVariance(noiseStddev, scale, minContributors) > 0x1p60) {
            throw new IllegalArgumentException("local noise variance beyond 2^60 integer units: lower the scale");
        }
        if (paddedLength(dimension, blockSize) > MAX_DIMENSION) {
            throw new IllegalArgumentException("padded length beyond " + MAX_DIMENSION);
        }
    }

    /** d rounded up to a multiple of B. */
    public int paddedLength() {
        return paddedLength(dimension, blockSize);
    }

    /** Each participant's discrete Gaussian variance in integer units: (sigma * scale)^2 / n_min. */
    public double localVariance() {
        return localVariance(noiseStddev, scale, minContributors);
    }

    /** C * scale: the clipped vector's norm bound in integer units before rounding. */
    public double scaledClip() {
        return clip * scale;
    }

    /**
     * The L2 bound conditional rounding enforces (Kairouz et al., Theorem 22 with beta = e^-1/2):
     * min(c + sqrt(d), sqrt(c^2 + d/4 + sqrt(2 ln(1/beta)) (c + sqrt(d)/2))) for c = C * scale and
     * d the padded length. It is the L2 sensitivity of the sum (integer units).
     */
    public double roundedL2Bound() {
        double c = scaledClip();
        double d = paddedLength();
        double bound1 = c + Math.sqrt(d);
        double squared2 = c * c + 0.25 * d + Math.sqrt(2 * Math.log(1 / BETA)) * (c + 0.5 * Math.sqrt(d));
        return Math.min(bound1, Math.sqrt(squared2));
    }

    /** The L1 sensitivity of an integer vector of that L2 norm: Delta2 * min(sqrt(d), Delta2). */
    public double roundedL1Bound() {
        double l2 = roundedL2Bound();
        return l2 * Math.min(Math.sqrt(paddedLength()), l2);
    }

    /** floor(roundedL2Bound()^2): what the rounded vector's squared norm may not exceed. */
    public BigInteger squaredBound() {
        double b = roundedL2Bound();
        return new BigDecimal(b * b).setScale(0, RoundingMode.FLOOR).toBigInteger();
    }

    /**
     * An upper bound on the probability that some coordinate of a sum of up to maxParticipants
     * encodings leaves the centred range [-2^31, 2^31) (and so decodes wrong): per coordinate the
     * rotated signal is sub-Gaussian with variance proxy (n C scale)^2 / B (all energy in one block
     * at worst), the noise of n participants with proxy n * localVariance (a discrete Gaussian is
     * sub-Gaussian with its sigma^2: Canonne et al. 2020, Corollary 9), and the rounding moves each
     * participant's coordinate by less than 1, so by union over the padded length:
     * 2 d exp(-(2^31 - 1 - n)^2 / (2 (signal + noise))).
     */
    public double modularClippingBound() {
        double n = maxParticipants;
        double c = scaledClip();
        double proxy = n * n * c * c / blockSize + n * localVariance();
        double room = 0x1p31 - 1 - n;
        return Math.min(1, 2.0 * paddedLength() * Math.exp(-room * room / (2 * proxy)));
    }

    static int paddedLength(int dimension, int blockSize) {
        long padded = ((long) dimension + blockSize - 1) / blockSize * blockSize;
        return (int) Math.min(padded, Integer.MAX_VALUE);
    }

    private static double localVariance(double noiseStddev, double scale, int minContributors) {
        double integerStddev = noiseStddev * scale;
        return integerStddev * integerStddev / minContributors;
    }
}
