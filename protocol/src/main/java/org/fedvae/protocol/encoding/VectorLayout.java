package org.fedvae.protocol.encoding;

/**
 * Where things sit in an encoded (and masked) vector of protocol version 2 (docs/PROTOCOL.md,
 * section 7): the L model coordinates, then {@value #TRAILER_WORDS} trailer words that are summed
 * like the coordinates, so the coordinator learns their cohort totals only.
 * <pre>
 *   [x_0 .. x_{L-1}, weight, lossSum_lo, lossSum_hi, evalCount, clipCount]
 * </pre>
 * Offsets below are relative to L (the index of the weight word).
 */
public final class VectorLayout {

    /** The words after the model coordinates. */
    public static final int TRAILER_WORDS = 5;

    public static final int WEIGHT = 0;
    /** The low {@value EncodingConfig#LOSS_LIMB_BITS} bits of the fixed-point loss sum. */
    public static final int LOSS_LO = 1;
    /** The loss sum's remaining high bits. */
    public static final int LOSS_HI = 2;
    /** The evaluation's test-sample count (capped like the weight). */
    public static final int EVAL_COUNT = 3;
    /** How many model coordinates were clipped. */
    public static final int CLIP_COUNT = 4;

    private VectorLayout() {}

    /** Words in a vector for {@code vectorLength} model coordinates. */
    public static int wordCount(int vectorLength) {
        return vectorLength + TRAILER_WORDS;
    }

    /** The model coordinates in a vector of {@code wordCount} words. */
    public static int dimension(int wordCount) {
        return wordCount - TRAILER_WORDS;
    }
}
