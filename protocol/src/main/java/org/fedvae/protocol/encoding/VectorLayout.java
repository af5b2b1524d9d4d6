package org.fedvae.protocol.encoding;

/**
 * Where things sit in an encoded (and masked) vector of protocol version 2 (docs/PROTOCOL.md,
 * section 7): the L model coordinates, then {@value #TRAILER_WORDS} trailer words that are summed
 * like the coordinates, so the coordinator learns their cohort totals only.
 * <pre>
 *   [x_0 .. x_{L-1}, weight, lossSum_lo, lossSum_hi, evalCount, clipCount_lo, clipCount_hi]
 * </pre>
 * Offsets below are relative to L (the index of the weight word). The loss sum and the clip count
 * travel as two limbs each: a low limb of {@value EncodingConfig#LIMB_BITS} bits and a high limb of
 * the rest, so that their cohort sums fit 32 bits for every cohort {@link EncodingConfig} accepts.
 */
public final class VectorLayout {

    /** The words after the model coordinates. */
    public static final int TRAILER_WORDS = 6;

    public static final int WEIGHT = 0;
    /** The low {@value EncodingConfig#LIMB_BITS} bits of the fixed-point loss sum. */
    public static final int LOSS_LO = 1;
    /** The loss sum's remaining high bits. */
    public static final int LOSS_HI = 2;
    /** The evaluation's test-sample count (capped like the weight). */
    public static final int EVAL_COUNT = 3;
    /** The low {@value EncodingConfig#LIMB_BITS} bits of the number of clipped model coordinates. */
    public static final int CLIP_LO = 4;
    /** The clip count's remaining high bits. */
    public static final int CLIP_HI = 5;

    private static final long LIMB_MASK = (1L << EncodingConfig.LIMB_BITS) - 1;

    private VectorLayout() {}

    /** Words in a vector for {@code vectorLength} model coordinates. */
    public static int wordCount(int vectorLength) {
        return vectorLength + TRAILER_WORDS;
    }

    /** The model coordinates in a vector of {@code wordCount} words. */
    public static int dimension(int wordCount) {
        return wordCount - TRAILER_WORDS;
    }

    /** The low limb of a non-negative value: its low {@value EncodingConfig#LIMB_BITS} bits. */
    public static int lowLimb(long value) {
        return (int) (value & LIMB_MASK);
    }

    /** The high limb of a non-negative value below 2^48: value >>> {@value EncodingConfig#LIMB_BITS}. */
    public static int highLimb(long value) {
        return (int) (value >>> EncodingConfig.LIMB_BITS);
    }

    /**
     * hi * 2^{@value EncodingConfig#LIMB_BITS} + lo with both words read unsigned, exact in a long
     * (below 2^48 + 2^32): one participant's value, or a cohort's total from the summed limbs.
     */
    public static long joinLimbs(int lo, int hi) {
        return (Integer.toUnsignedLong(hi) << EncodingConfig.LIMB_BITS) + Integer.toUnsignedLong(lo);
    }

    /** The clip count of a vector (or of a sum: then the cohort's total), from its two limbs. */
    public static long clipCount(int[] words) {
        int at = dimension(words.length);
        return joinLimbs(words[at + CLIP_LO], words[at + CLIP_HI]);
    }

    /** The loss sum of a vector (or of a sum: then the cohort's total), in 2^-4 nat-image units. */
    public static long lossUnits(int[] words) {
        int at = dimension(words.length);
        return joinLimbs(words[at + LOSS_LO], words[at + LOSS_HI]);
    }
}
