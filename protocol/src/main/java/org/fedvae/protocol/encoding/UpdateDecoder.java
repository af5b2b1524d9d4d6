package org.fedvae.protocol.encoding;

import java.util.Objects;

/** Turns the unmasked sum of a cohort's {@link EncodedUpdate}s into the weighted average delta. */
public final class UpdateDecoder {

    private UpdateDecoder() {
    }

    /**
     * The weighted average delta, sum over participants of w_u * clip(delta_u) / sum of w_u, up to
     * {@link EncodingConfig#quantizationBound(int, long)}.
     *
     * <p>With W the last word read as unsigned and K the offset unit, coordinate i decodes as
     * (unsigned(sum[i]) - W * K) / (W * 2^scaleBits).
     *
     * @throws IllegalArgumentException if the total weight is 0 or above maxParticipants *
     *     maxWeight, or a coordinate lies outside [-W * K, W * K]: no sum of valid encodings can
     *     look like that, so masks were not removed correctly or an input was corrupted
     */
    public static float[] decodeAverage(int[] sum, EncodingConfig config) {
        Objects.requireNonNull(sum, "sum");
        Objects.requireNonNull(config, "config");
        if (sum.length < 1) {
            throw new IllegalArgumentException("a summed update holds at least the weight element");
        }
        int n = sum.length - 1;
        long totalWeight = Integer.toUnsignedLong(sum[n]);
        if (totalWeight == 0 || totalWeight > config.maxTotalWeight()) {
            throw new IllegalArgumentException("total weight " + totalWeight + " is not in 1.." + config.maxTotalWeight()
                    + " (maxParticipants * maxWeight): the sum is corrupt or still masked");
        }
        long totalOffset = totalWeight * config.offsetUnit();   // < 2^30 by the config's check
        double denominator = totalWeight * config.scale();
        float[] average = new float[n];
        for (int i = 0; i < n; i++) {
            long centred = Integer.toUnsignedLong(sum[i]) - totalOffset;
            if (centred > totalOffset || centred < -totalOffset) {
                throw new IllegalArgumentException("coordinate " + i + " decodes to " + centred + ", outside +-" + totalOffset
                        + " for total weight " + totalWeight + ": the sum is corrupt or still masked");
            }
            average[i] = (float) (centred / denominator);
        }
        return average;
    }
}
