package org.fedvae.protocol.encoding.ddp;

/**
 * Chooses what a client-level DP round declares from what the operator asked for: the block size
 * (padding at most 5%) and the largest power-of-two scale whose modular-clipping probability
 * ({@link DdpParameters#modularClippingBound()}) stays within a target (1e-4 by default).
 */
public final class DdpPlanner {

    public static final double DEFAULT_CLIPPING_PROBABILITY = 1e-4;
    /** The largest rotation block: 2^16 coordinates. */
    public static final int MAX_BLOCK = 1 << 16;
    /** Padding may add at most this fraction of the dimension. */
    public static final double MAX_PADDING = 0.05;

    private DdpPlanner() {}

    /**
     * The largest power of two B <= {@value #MAX_BLOCK} whose padding of {@code dimension} is at
     * most 5% (1 always qualifies: no padding, and no spreading).
     */
    public static int blockSize(int dimension) {
        for (int b = MAX_BLOCK; b > 1; b >>= 1) {
            long padded = DdpParameters.paddedLength(dimension, b);
            if (padded - dimension <= MAX_PADDING * dimension) {
                return b;
            }
        }
        return 1;
    }

    /**
     * The parameters with the largest scale 2^k (k integer, so that scale is exact) whose
     * modular-clipping bound is at most {@code clippingProbability}.
     *
     * @throws IllegalArgumentException if no scale of at least 2^-20 meets it
     */
    public static DdpParameters plan(
            int dimension,
            double clip,
            double noiseStddev,
            int minContributors,
            int maxParticipants,
            double clippingProbability) {
        if (!(clippingProbability > 0 && clippingProbability < 1)) {
            throw new IllegalArgumentException("clipping probability must be in (0, 1), got " + clippingProbability);
        }
        int block = blockSize(dimension);
        for (int k = 30; k >= -20; k--) {
            double scale = Math.scalb(1.0, k);
            if (clip * scale > 0x1p30) {
                continue;
            }
            DdpParameters candidate;
            try {
                candidate =
                        new DdpParameters(dimension, block, clip, scale, noiseStddev, minContributors, maxParticipants);
            } catch (IllegalArgumentException tooLarge) {
                continue;
            }
            if (candidate.modularClippingBound() <= clippingProbability) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no scale meets the modular clipping probability " + clippingProbability
                + " for clip " + clip + ", noise " + noiseStddev + " and " + maxParticipants + " participants");
    }
}
