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
 * Then the {@link VectorLayout} trailer: w; the evaluation's loss sum v in two limbs (v mod 2^16,
 * v / 2^16), where, with m = min(test samples, maxWeight) (0 for a non-finite loss) and the loss
 * per image clipped to [0, L_max], v is loss * m * 2^4 rounded stochastically with one more draw;
 * m; and the number of clipped coordinates in two limbs the same way. {@link EncodingConfig}
 * guarantees that the sum over a full cohort of such vectors wraps in no word, so the modular sum
 * equals the integer sum.
 */
public final class UpdateEncoder {

    private UpdateEncoder() {}

    /**
     * The one encoding of an update, in production and in the test vectors alike.
     *
     * @param delta local weights minus the round's global weights; every value must be finite
     * @param weight the participant's sample count (at least 1); capped at maxWeight
     * @param evaluation the global model's loss on the local test set: it travels only in the trailer
     * @param rounding the draws for stochastic rounding, one per coordinate in order and then one
     *     for the loss sum: a participant passes {@link RoundingSource#freshFrom} its own
     *     SecureRandom, fresh each round
     * @throws IllegalArgumentException for a weight below 1 or a NaN or infinite coordinate (a
     *     diverged local model; clipping it would hide the failure)
     */
    public static EncodedUpdate encode(
            float[] delta, int weight, LocalEvaluation evaluation, EncodingConfig config, RoundingSource rounding) {
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(rounding, "rounding");
        if (weight < 1) {
            throw new IllegalArgumentException("weight (sample count) must be at least 1, got " + weight);
        }
        int w = Math.min(weight, config.maxWeight());
        float c = config.clipRange();
        double factor = w * config.scale(); // exact: an int times a power of two
        long offset = w * config.offsetUnit(); // <= maxWeight * K < 2^29
        int[] words = new int[VectorLayout.wordCount(delta.length)];
        int clipped = 0;
        for (int i = 0; i < delta.length; i++) {
            float x = delta[i];
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException(
                        "delta[" + i + "] is " + x + "; refusing to encode a non-finite update");
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
        writeTrailer(words, w, evaluation, config, rounding, clipped);
        return new EncodedUpdate(words, clipped);
    }

    /**
     * Fills the {@link VectorLayout} trailer of {@code words} (whose coordinates come first): the
     * weight word {@code w}, the evaluation's loss sum (one draw from {@code rounding}) and count,
     * and the clip count (the loss sum and the clip count in two limbs each). The client-level DP
     * encoding shares it.
     */
    public static void writeTrailer(
            int[] words,
            int w,
            LocalEvaluation evaluation,
            EncodingConfig config,
            RoundingSource rounding,
            int clipped) {
        int at = VectorLayout.dimension(words.length);
        words[at + VectorLayout.WEIGHT] = w;
        long lossUnits = lossUnits(evaluation, config, rounding);
        words[at + VectorLayout.LOSS_LO] = VectorLayout.lowLimb(lossUnits);
        words[at + VectorLayout.LOSS_HI] = VectorLayout.highLimb(lossUnits);
        words[at + VectorLayout.EVAL_COUNT] = evaluationCount(evaluation, config);
        words[at + VectorLayout.CLIP_LO] = VectorLayout.lowLimb(clipped);
        words[at + VectorLayout.CLIP_HI] = VectorLayout.highLimb(clipped);
    }

    /** m: the test count capped at maxWeight, or 0 when there is no finite loss to weight. */
    static int evaluationCount(LocalEvaluation evaluation, EncodingConfig config) {
        // A diverged evaluation counts out: one NaN would hide every other site's loss in the sum.
        return Double.isFinite(evaluation.meanLoss()) ? Math.min(evaluation.samples(), config.maxWeight()) : 0;
    }

    /** v: loss clipped to [0, L_max], times m, times 2^4, rounded stochastically (always one draw). */
    private static long lossUnits(LocalEvaluation evaluation, EncodingConfig config, RoundingSource rounding) {
        double r = rounding.nextDouble();
        int m = evaluationCount(evaluation, config);
        if (m == 0) {
            return 0;
        }
        double loss = Math.min(Math.max(evaluation.meanLoss(), 0.0), EncodingConfig.MAX_LOSS);
        // Monotone in loss, and exact at L_max (an integer times powers of two), so v <= m * L_max * 2^4.
        double y = loss * m * EncodingConfig.lossScale();
        double floor = Math.floor(y);
        return (long) floor + (r < y - floor ? 1 : 0);
    }

    /** The encoding without an evaluation (count 0), for callers that test the model coordinates only. */
    public static EncodedUpdate encode(float[] delta, int weight, EncodingConfig config, RoundingSource rounding) {
        return encode(delta, weight, LocalEvaluation.NONE, config, rounding);
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
