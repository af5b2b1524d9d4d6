package org.fedvae.protocol.encoding;

import java.util.Objects;

/**
 * Turns the unmasked sum of a cohort's {@link EncodedUpdate}s into the weighted average delta and
 * the cohort's evaluation totals.
 */
public final class UpdateDecoder {

    private UpdateDecoder() {}

    /**
     * The weighted average delta, sum over participants of w_u * clip(delta_u) / sum of w_u, up to
     * {@link EncodingConfig#quantizationBound(int, long)}.
     *
     * <p>With W the weight word read as unsigned and K the offset unit, coordinate i decodes as
     * (unsigned(sum[i]) - W * K) / (W * 2^scaleBits).
     *
     * @throws IllegalArgumentException if the total weight is 0 or above maxParticipants *
     *     maxWeight, or a coordinate lies outside [-W * K, W * K]: no sum of valid encodings can
     *     look like that, so masks were not removed correctly or an input was corrupted
     */
    public static float[] decodeAverage(int[] sum, EncodingConfig config) {
        Objects.requireNonNull(sum, "sum");
        Objects.requireNonNull(config, "config");
        int n = dimension(sum);
        long totalWeight = Integer.toUnsignedLong(sum[n]);
        if (totalWeight == 0 || totalWeight > config.maxTotalWeight()) {
            throw new IllegalArgumentException("total weight " + totalWeight + " is not in 1.."
                    + config.maxTotalWeight() + " (maxParticipants * maxWeight): the sum is corrupt or still masked");
        }
        long totalOffset = totalWeight * config.offsetUnit(); // < 2^30 by the config's check
        double denominator = totalWeight * config.scale();
        float[] average = new float[n];
        for (int i = 0; i < n; i++) {
            long centred = Integer.toUnsignedLong(sum[i]) - totalOffset;
            if (centred > totalOffset || centred < -totalOffset) {
                throw new IllegalArgumentException("coordinate " + i + " decodes to " + centred + ", outside +-"
                        + totalOffset + " for total weight " + totalWeight + ": the sum is corrupt or still masked");
            }
            average[i] = (float) (centred / denominator);
        }
        return average;
    }

    /**
     * The cohort totals of the trailer words: loss sum S = hi * 2^16 + lo (limbs read unsigned),
     * test count M and clip count C = hi * 2^16 + lo (likewise); see
     * {@link CohortEvaluation#meanLoss()}.
     *
     * @throws IllegalArgumentException if M is above maxParticipants * maxWeight, S above
     *     M * L_max * 2^4, or C above maxParticipants * (vector length): no sum of valid encodings
     *     looks like that
     */
    public static CohortEvaluation decodeEvaluation(int[] sum, EncodingConfig config) {
        Objects.requireNonNull(sum, "sum");
        Objects.requireNonNull(config, "config");
        int n = dimension(sum);
        long units = VectorLayout.lossUnits(sum); // < 2^48 + 2^32
        long count = Integer.toUnsignedLong(sum[n + VectorLayout.EVAL_COUNT]);
        long clipped = VectorLayout.clipCount(sum); // likewise
        if (count > config.maxTotalWeight()) {
            throw new IllegalArgumentException("evaluation count " + count + " is above " + config.maxTotalWeight()
                    + " (maxParticipants * maxWeight): the sum is corrupt or still masked");
        }
        if (units > count * EncodingConfig.maxLossUnitsPerSample()) {
            throw new IllegalArgumentException("loss sum " + units + " units is above the limit for " + count
                    + " test samples: the sum is corrupt or still masked");
        }
        if (clipped > (long) config.maxParticipants() * n) {
            throw new IllegalArgumentException("clip count " + clipped + " is above maxParticipants * " + n
                    + " coordinates: the sum is corrupt or still masked");
        }
        return new CohortEvaluation(units, count, clipped);
    }

    private static int dimension(int[] sum) {
        if (sum.length < VectorLayout.TRAILER_WORDS) {
            throw new IllegalArgumentException("a summed update holds at least the " + VectorLayout.TRAILER_WORDS
                    + " trailer words, got " + sum.length);
        }
        return VectorLayout.dimension(sum.length);
    }
}
