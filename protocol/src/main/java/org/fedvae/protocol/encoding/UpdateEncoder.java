package org.fedvae.protocol.encoding;

import java.util.Objects;
import java.util.Random;

/**
 * Encodes a model delta as integers modulo 2^32, ready to be masked. Only integers are ever
 * masked: masked floats would not cancel exactly.
 *
 * <p>For each coordinate x, with c = clipRange, s = scaleBits, w = min(weight, maxWeight) and
 * K = ceil(c * 2^s):
 * <ol>
 *   <li>clip x to [-c, c] (counted in {@link EncodedUpdate#clippedCount()});</li>
 *   <li>y = x * w * 2^s;</li>
 *   <li>round stochastically: q = floor(y) + 1 with probability y - floor(y), else floor(y), so
 *       that E[q] = y and averaging over participants removes the rounding bias;</li>
 *   <li>shift to unsigned: q + w * K, which lies in [0, 2 * w * K]. The offset depends only on
 *       the weight, so the decoder removes the cohort's total offset K * (sum of weights) using
 *       the summed weight element;</li>
 *   <li>store as a Java int (modulo 2^32).</li>
 * </ol>
 * The last word is w. {@link EncodingConfig} guarantees that the sum over a full cohort of such
 * vectors stays below 2^30, so the modular sum equals the integer sum.
 */
public final class UpdateEncoder {

    private UpdateEncoder() {
    }

    /**
     * The one encoding of an update, in production and in the test vectors alike.
     *
     * @param delta local weights minus the round's global weights; every value must be finite
     * @param weight the participant's sample count (at least 1); capped at maxWeight
     * @param rounding the draws for stochastic rounding, one per coordinate in order: a
     *     participant passes {@link RoundingSource#freshFrom} its own SecureRandom, fresh each round
     * @throws IllegalArgumentException for a weight below 1 or a NaN or infinite coordinate (a
     *     diverged local model; clipping it would hide the failure)
     */
    public static EncodedUpdate encode(float[] delta, int weight, EncodingConfig config, RoundingSource rounding) {
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(rounding, "rounding");
        if (weight < 1) {
            throw new IllegalArgumentException("weight (sample count) must be at least 1, got " + weight);
        }
        int w = Math.min(weight, config.maxWeight());
        float c = config.clipRange();
        double factor = w * config.scale();          // exact: an int times a power of two
        long offset = w * config.offsetUnit();       // <= maxWeight * K < 2^29
        int[] words = new int[delta.length + 1];
        int clipped = 0;
        for (int i = 0; i < delta.length; i++) {
            float x = delta[i];
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("delta[" + i + "] is " + x + "; refusing to encode a non-finite update");
            }
            if (x > c) {
                x = c;
                clipped++;
            } else if (x < -c) {
                x = -c;
                clipped++;
            }
            // One correctly rounded multiplication, monotone in x, so |y| <= w * K holds exactly
            // and q + offset stays in [0, 2 * w * K].
            double y = x * factor;
            double floor = Math.floor(y);
            long q = (long) floor + (rounding.nextDouble() < y - floor ? 1 : 0);
            words[i] = (int) (q + offset);
        }
        words[delta.length] = w;
        return new EncodedUpdate(words, clipped);
    }

    /**
     * The same encoding with the draws taken from {@code rng.nextDouble()}, for callers that hold a
     * {@link Random} (unit tests, the coordinator's conformance kit). Not what a participant uses.
     */
    public static EncodedUpdate encode(float[] delta, int weight, EncodingConfig config, Random rng) {
        Objects.requireNonNull(rng, "rng");
        return encode(delta, weight, config, (RoundingSource) rng::nextDouble);
    }
}
