package org.fedvae.protocol.encoding;

import java.math.BigInteger;

/**
 * How an update is turned into integers modulo 2^32 (see {@link UpdateEncoder}), and the proof
 * obligation that goes with it: the sum over a full cohort must never wrap.
 *
 * <p>Each coordinate is clipped to [-c, c] (c = {@code clipRange}), multiplied by the
 * participant's weight w = min(sample count, {@code maxWeight}) and by 2^{@code scaleBits},
 * rounded stochastically, and shifted by w * K where K = {@link #offsetUnit()} = ceil(c *
 * 2^scaleBits). One participant's coordinate therefore lies in [0, 2 * w * K] and its weight
 * element in [1, maxWeight], so over {@code maxParticipants} participants a coordinate of the sum
 * is at most {@link #maxCoordinateSum()} = maxParticipants * 2 * maxWeight * K (when c * 2^s is an
 * integer this is exactly maxParticipants * 2 * c * maxWeight * 2^s).
 *
 * <p>Headroom: a configuration is accepted only if that bound stays strictly below
 * 2^(32 - {@value #RESERVED_HEADROOM_BITS}) = 2^30. The top {@value #RESERVED_HEADROOM_BITS} bits
 * of the 32-bit ring stay free, three quarters of its range, for what comes next: noise that each
 * participant adds before masking (distributed differential privacy), which widens every
 * coordinate's range. {@link #headroomBits()} reports how many bits a given configuration leaves.
 * The constructor refuses any configuration that breaches the bound, so every instance is safe.
 *
 * <p>Trailer words ({@link VectorLayout}): the weight, the evaluation's loss sum in two limbs, its
 * sample count and the clip count in two limbs. They carry no noise, so they may use the whole
 * 32-bit ring, and the constructor proves that none of their cohort sums wraps: a low limb (at most
 * 2^{@value #LIMB_BITS} - 1 per participant, for the loss sum and the clip count alike), the loss
 * sum's high limb (at most floor(maxWeight * L_max * 2^{@value #LOSS_FRACTION_BITS} /
 * 2^{@value #LIMB_BITS})), and the count (at most maxWeight). The clip count's high limb depends on
 * the vector length; {@link #checkClipCountFits} shows that it always fits.
 */
public record EncodingConfig(float clipRange, int scaleBits, int maxWeight, int maxParticipants) {

    /** Bits at the top of the 32-bit ring that the signal may never use. */
    public static final int RESERVED_HEADROOM_BITS = 2;
    /** The largest coordinate sum must stay strictly below this: 2^30. */
    public static final long SUM_LIMIT = 1L << (Integer.SIZE - RESERVED_HEADROOM_BITS);

    public static final int MAX_SCALE_BITS = 31;
    /** A site's loss per test image is clipped to [0, {@value #MAX_LOSS}] nats before it is summed. */
    public static final double MAX_LOSS = 32768.0;
    /** The loss sum's fixed-point unit is 2^-{@value #LOSS_FRACTION_BITS} nat-images. */
    public static final int LOSS_FRACTION_BITS = 4;
    /**
     * The loss sum and the clip count each travel as a low limb of this many bits and a high limb of
     * the rest: the cohort sum of a low limb stays below maxParticipants * 2^16.
     */
    public static final int LIMB_BITS = 16;
    /** The loss sum's low limb: {@value #LIMB_BITS} bits. */
    public static final int LOSS_LIMB_BITS = LIMB_BITS;

    private static final BigInteger RING = BigInteger.ONE.shiftLeft(Integer.SIZE);

    /**
     * @throws IllegalArgumentException if a parameter is out of range (clip range not a positive
     *     finite number, scale bits outside 0..31, weight cap or participant count below 1) or the
     *     largest possible sum would reach {@link #SUM_LIMIT}; the message gives the numbers
     */
    public EncodingConfig {
        if (!Float.isFinite(clipRange) || clipRange <= 0) {
            throw new IllegalArgumentException("clipRange must be a positive finite number, got " + clipRange);
        }
        if (scaleBits < 0 || scaleBits > MAX_SCALE_BITS) {
            throw new IllegalArgumentException("scaleBits must be in 0.." + MAX_SCALE_BITS + ", got " + scaleBits);
        }
        if (maxWeight < 1) {
            throw new IllegalArgumentException("maxWeight must be at least 1, got " + maxWeight);
        }
        if (maxParticipants < 1) {
            throw new IllegalArgumentException("maxParticipants must be at least 1, got " + maxParticipants);
        }
        checkNoWrap(clipRange, scaleBits, maxWeight, maxParticipants);
    }

    /**
     * Refuses a configuration whose largest possible coordinate sum reaches {@link #SUM_LIMIT}.
     * The constructor already calls this, so on an instance it always passes; it is public so that
     * code holding the four numbers separately (a round configuration off the wire) can say why.
     */
    public void checkNoWrap() {
        checkNoWrap(clipRange, scaleBits, maxWeight, maxParticipants);
    }

    /**
     * Refuses a vector length whose clip-count limbs could wrap. Each participant clips at most L
     * coordinates, so over n = maxParticipants participants the low limb sums to at most
     * n * min(L, 2^16 - 1) and the high limb to at most n * floor(L / 2^16).
     *
     * <p>For an instance this never refuses a length in 0..2^31 - 1 (the proof PROTOCOL.md section 7
     * states): the constructor's low-limb rule n * (2^16 - 1) < 2^32 bounds the low limb, and
     * floor(L / 2^16) <= 2^15 - 1 < 2^16 - 1 bounds the high limb by the same rule. The check stays
     * so that the bound is executable and a negative length is refused.
     *
     * @throws IllegalArgumentException for a negative length or a limb sum reaching 2^32
     */
    public void checkClipCountFits(int vectorLength) {
        checkClipCountFits(maxParticipants, vectorLength);
    }

    /** {@link #checkClipCountFits(int)} for a participant count that no instance need hold (tests). */
    static void checkClipCountFits(long maxParticipants, int vectorLength) {
        if (vectorLength < 0) {
            throw new IllegalArgumentException("vector length must not be negative, got " + vectorLength);
        }
        BigInteger n = BigInteger.valueOf(maxParticipants);
        BigInteger lo = n.multiply(BigInteger.valueOf(Math.min(vectorLength, (1L << LIMB_BITS) - 1)));
        BigInteger hi = n.multiply(BigInteger.valueOf(vectorLength >>> LIMB_BITS));
        if (lo.compareTo(RING) >= 0 || hi.compareTo(RING) >= 0) {
            throw new IllegalArgumentException("the clip count can overflow: for maxParticipants " + maxParticipants
                    + " and vector length " + vectorLength + " its low limb sums to up to " + lo
                    + " and its high limb to up to " + hi + " (each must stay below 2^32)");
        }
    }

    /** 2^{@value #LOSS_FRACTION_BITS}: loss-sum units per nat-image (exact). */
    public static double lossScale() {
        return Math.scalb(1.0, LOSS_FRACTION_BITS);
    }

    /** The largest loss sum per test sample: L_max * 2^{@value #LOSS_FRACTION_BITS} units (2^19). */
    public static long maxLossUnitsPerSample() {
        return (long) (MAX_LOSS * lossScale());
    }

    /**
     * The largest absolute error of {@link CohortEvaluation#meanLoss()} against the exact weighted
     * mean of the sites' clipped losses (weights: their capped test counts): participants /
     * (totalSamples * 2^{@value #LOSS_FRACTION_BITS}) for stochastic rounding, each site off by less
     * than one unit, plus L_max * 2^-50 for double arithmetic.
     */
    public static double evaluationBound(int participants, long totalSamples) {
        if (participants < 1 || totalSamples < 1) {
            throw new IllegalArgumentException(
                    "need participants >= 1 and totalSamples >= 1, got " + participants + " and " + totalSamples);
        }
        return participants / (totalSamples * lossScale()) + MAX_LOSS * 0x1p-50;
    }

    /** K = ceil(clipRange * 2^scaleBits): a participant of weight w shifts every coordinate by w * K. */
    public long offsetUnit() {
        return offsetUnit(clipRange, scaleBits);
    }

    /** 2^scaleBits as a double (exact). */
    public double scale() {
        return Math.scalb(1.0, scaleBits);
    }

    /** The largest value one coordinate of the cohort's sum can take: maxParticipants * 2 * maxWeight * K. */
    public long maxCoordinateSum() {
        // Exact: the constructor proved it is below 2^30.
        return (long) maxParticipants * 2L * maxWeight * offsetUnit();
    }

    /** The largest total weight: maxParticipants * maxWeight. */
    public long maxTotalWeight() {
        return (long) maxParticipants * maxWeight;
    }

    /** How many of the 32 bits the largest sum leaves unused (at least {@value #RESERVED_HEADROOM_BITS}). */
    public int headroomBits() {
        return Integer.SIZE - (Long.SIZE - Long.numberOfLeadingZeros(maxCoordinateSum()));
    }

    /**
     * The largest absolute error of {@link UpdateDecoder#decodeAverage} on the sum of
     * {@code participants} encodings with total (capped) weight {@code totalWeight}, against the
     * exact weighted average of the clipped deltas (weights capped at maxWeight):
     * participants / (totalWeight * 2^scaleBits), since each participant's stochastic rounding is
     * off by less than one unit, plus clipRange * 2^-23 for rounding the result to float (half of
     * that covers float rounding; the rest covers double arithmetic, below clipRange * 2^-50).
     */
    public double quantizationBound(int participants, long totalWeight) {
        if (participants < 1 || totalWeight < participants) {
            throw new IllegalArgumentException(
                    "need participants >= 1 and totalWeight >= participants (each weight is >= 1), got " + participants
                            + " and " + totalWeight);
        }
        return participants / (totalWeight * scale()) + clipRange * 0x1p-23;
    }

    /** The bound over every possible cohort: 2^-scaleBits + clipRange * 2^-23 (all weights 1). */
    public double quantizationBound() {
        return 1.0 / scale() + clipRange * 0x1p-23;
    }

    private static long offsetUnit(float clipRange, int scaleBits) {
        // Exact in double: a float times a power of two. Fits a long: the constructor caps it.
        return (long) Math.ceil(clipRange * Math.scalb(1.0, scaleBits));
    }

    private static void checkNoWrap(float clipRange, int scaleBits, int maxWeight, int maxParticipants) {
        double k = Math.ceil(clipRange * Math.scalb(1.0, scaleBits));
        if (k >= SUM_LIMIT) {
            throw new IllegalArgumentException("clipRange " + clipRange + " at scaleBits " + scaleBits
                    + " gives offset unit " + k + ", already beyond the sum limit 2^30");
        }
        BigInteger max = BigInteger.valueOf(maxParticipants)
                .multiply(BigInteger.valueOf(2L * maxWeight))
                .multiply(BigInteger.valueOf((long) k));
        if (max.compareTo(BigInteger.valueOf(SUM_LIMIT)) >= 0) {
            throw new IllegalArgumentException(
                    "encoding can overflow: maxParticipants " + maxParticipants + " * 2 * maxWeight "
                            + maxWeight + " * ceil(clipRange " + clipRange + " * 2^" + scaleBits + ") = " + max
                            + " reaches the limit 2^" + (Integer.SIZE - RESERVED_HEADROOM_BITS) + " = " + SUM_LIMIT
                            + " (2^32 less " + RESERVED_HEADROOM_BITS + " bits reserved for noise); lower one of them");
        }
        checkTrailerFits(maxWeight, maxParticipants);
    }

    /**
     * Refuses a configuration where the cohort sum of a loss-sum limb, of the count or of a low limb
     * (the clip count's too) could reach 2^32.
     */
    private static void checkTrailerFits(int maxWeight, int maxParticipants) {
        BigInteger n = BigInteger.valueOf(maxParticipants);
        long maxUnits = maxWeight * maxLossUnitsPerSample();
        BigInteger lo = n.multiply(BigInteger.valueOf((1L << LIMB_BITS) - 1));
        BigInteger hi = n.multiply(BigInteger.valueOf(maxUnits >>> LIMB_BITS));
        BigInteger count = n.multiply(BigInteger.valueOf(maxWeight));
        if (lo.compareTo(RING) >= 0 || hi.compareTo(RING) >= 0 || count.compareTo(RING) >= 0) {
            throw new IllegalArgumentException("the trailer words can overflow for maxParticipants " + maxParticipants
                    + " and maxWeight " + maxWeight + ": a low limb (loss sum, clip count) reaches " + lo
                    + ", the loss sum's high limb " + hi + ", the count " + count
                    + " (each must stay below 2^32)");
        }
    }
}
