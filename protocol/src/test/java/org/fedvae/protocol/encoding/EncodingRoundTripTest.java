package org.fedvae.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.fedvae.protocol.crypto.KeyDerivation;
import org.fedvae.protocol.crypto.MaskPrg;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** decode(sum of encodings) against the exact weighted average, and the no-wrap guarantee. */
class EncodingRoundTripTest {

    static Stream<PropertyCase> decodedSumMatchesWeightedAverageWithinBound() {
        return PropertyCase.cases("encoding-decoded-sum-within-bound", 150);
    }

    /**
     * Random cohorts: sizes, dimensions, weights (some above the cap), clip ranges; scale bits as
     * requested but lowered when the configuration would be refused. Deltas reach 2c so clipping
     * happens, and include the exact edges. Each participant also carries an evaluation (losses up
     * to beyond L_max, test counts up to beyond the cap, some diverged): the decoded cohort totals
     * are exact for the counts and within {@link EncodingConfig#evaluationBound} for the mean loss.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void decodedSumMatchesWeightedAverageWithinBound(PropertyCase k) {
        Draw d = k.draw();
        int participants = d.between(1, 25);
        int spareSlots = d.between(0, 8);
        int dimension = d.between(1, 120);
        int maxWeight = d.between(1, 5000);
        int requestedScaleBits = d.between(0, 24);
        float clipRange = d.oneOf(0.001f, 0.01f, 0.0625f, 0.1f, 0.3f, 0.5f, 1f, 3f, 10f);
        long seed = d.anyLong();
        k.check(() ->
                assertWithinBound(participants, spareSlots, dimension, maxWeight, requestedScaleBits, clipRange, seed));
    }

    private static void assertWithinBound(
            int participants,
            int spareSlots,
            int dimension,
            int maxWeight,
            int requestedScaleBits,
            float clipRange,
            long seed) {
        EncodingConfig config = feasible(clipRange, requestedScaleBits, maxWeight, participants + spareSlots);
        Random random = new Random(seed);
        int[] sum = new int[VectorLayout.wordCount(dimension)];
        double[] weightedSum = new double[dimension];
        long totalWeight = 0;
        double exactLossSum = 0;
        long totalSamples = 0;
        long totalClipped = 0;
        for (int p = 0; p < participants; p++) {
            float[] delta = new float[dimension];
            int expectedClipped = 0;
            for (int i = 0; i < dimension; i++) {
                delta[i] = switch (random.nextInt(8)) {
                    case 0 -> clipRange;
                    case 1 -> -clipRange;
                    default -> (float) ((random.nextDouble() * 4 - 2) * clipRange);
                };
                if (Math.abs(delta[i]) > clipRange) {
                    expectedClipped++;
                }
            }
            int weight = 1 + random.nextInt(2 * maxWeight);
            double loss =
                    switch (random.nextInt(10)) {
                        case 0 -> Double.NaN;
                        case 1 -> EncodingConfig.MAX_LOSS * (1 + random.nextDouble());
                        case 2 -> -random.nextDouble();
                        default -> random.nextDouble() * 600;
                    };
            int samples = random.nextInt(2 * maxWeight + 1);
            EncodedUpdate encoded = UpdateEncoder.encode(
                    delta, weight, new LocalEvaluation(loss, samples), config, (RoundingSource) random::nextDouble);
            assertEquals(expectedClipped, encoded.clippedCount());
            totalClipped += expectedClipped;
            int m = Double.isNaN(loss) ? 0 : Math.min(samples, maxWeight);
            totalSamples += m;
            if (m > 0) {
                exactLossSum += m * Math.min(Math.max(loss, 0), EncodingConfig.MAX_LOSS);
            }

            int w = Math.min(weight, maxWeight);
            totalWeight += w;
            for (int i = 0; i < dimension; i++) {
                weightedSum[i] += (double) w * Math.max(-clipRange, Math.min(clipRange, delta[i]));
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += encoded.words()[i];
            }
        }
        CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(sum, config);
        assertEquals(totalSamples, evaluation.samples());
        assertEquals(totalClipped, evaluation.clippedCoordinates());
        if (totalSamples == 0) {
            assertTrue(Double.isNaN(evaluation.meanLoss()));
        } else {
            double exactMean = exactLossSum / totalSamples;
            assertTrue(
                    Math.abs(evaluation.meanLoss() - exactMean)
                            <= EncodingConfig.evaluationBound(participants, totalSamples),
                    "mean loss " + evaluation.meanLoss() + ", exact " + exactMean);
        }
        float[] decoded = UpdateDecoder.decodeAverage(sum, config);
        double bound = config.quantizationBound(participants, totalWeight);
        assertTrue(bound <= config.quantizationBound());
        for (int i = 0; i < dimension; i++) {
            double exact = weightedSum[i] / totalWeight;
            assertTrue(
                    Math.abs(decoded[i] - exact) <= bound,
                    "coordinate " + i + ": decoded " + decoded[i] + ", exact " + exact + ", bound " + bound + ", "
                            + config);
        }
    }

    private static EncodingConfig feasible(float clipRange, int scaleBits, int maxWeight, int maxParticipants) {
        for (int s = scaleBits; s >= 0; s--) {
            try {
                return new EncodingConfig(clipRange, s, maxWeight, maxParticipants);
            } catch (IllegalArgumentException tooLarge) {
                // try fewer fraction bits
            }
        }
        throw new AssertionError(
                "no scale fits c=" + clipRange + ", maxWeight=" + maxWeight + ", n=" + maxParticipants);
    }

    /**
     * The worst case at the largest accepted configuration: every participant at the weight cap
     * and every coordinate at +c (or beyond). The modular sum equals the exact integer sum and
     * stays below 2^30; the decoded average is exactly c.
     */
    @Test
    void fullCohortAtTheLimitDoesNotWrap() {
        int maxWeight = 1000;
        float clip = 0.5f;
        int scaleBits = 8; // K = 128, 2 * w * K = 256000 per participant
        int maxParticipants = (int) ((EncodingConfig.SUM_LIMIT - 1) / (2L * maxWeight * 128));
        EncodingConfig config = new EncodingConfig(clip, scaleBits, maxWeight, maxParticipants);
        assertThrows(
                IllegalArgumentException.class,
                () -> new EncodingConfig(clip, scaleBits, maxWeight, maxParticipants + 1));

        float[] delta = {clip, 7f, Float.MAX_VALUE, -clip};
        int[] sum = new int[VectorLayout.wordCount(delta.length)];
        long[] exact = new long[sum.length];
        Random random = new Random(5);
        LocalEvaluation worst = new LocalEvaluation(2 * EncodingConfig.MAX_LOSS, Integer.MAX_VALUE);
        for (int p = 0; p < maxParticipants; p++) {
            int[] words = UpdateEncoder.encode(
                            delta, Integer.MAX_VALUE, worst, config, (RoundingSource) random::nextDouble)
                    .words();
            for (int i = 0; i < words.length; i++) {
                sum[i] += words[i];
                exact[i] += Integer.toUnsignedLong(words[i]);
            }
        }
        for (int i = 0; i < sum.length; i++) {
            assertEquals(exact[i], Integer.toUnsignedLong(sum[i]), "element " + i + " wrapped");
            assertTrue(exact[i] < EncodingConfig.SUM_LIMIT);
        }
        assertEquals(config.maxCoordinateSum(), exact[0]);
        assertArrayEquals(new float[] {clip, clip, clip, -clip}, UpdateDecoder.decodeAverage(sum, config));
        CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(sum, config);
        assertEquals(config.maxTotalWeight(), evaluation.samples());
        assertEquals(2L * maxParticipants, evaluation.clippedCoordinates());
        assertEquals(EncodingConfig.MAX_LOSS, evaluation.meanLoss());
    }

    /** Masks that cancel in the sum leave the decoded result bit for bit unchanged. */
    @Test
    void cancellingMasksDoNotChangeTheDecodedSum() {
        EncodingConfig config = new EncodingConfig(0.1f, 16, 600, 3);
        Random random = new Random(6);
        int dimension = 5000;
        int[][] encoded = new int[3][];
        for (int p = 0; p < 3; p++) {
            float[] delta = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                delta[i] = (float) (random.nextGaussian() * 0.05);
            }
            encoded[p] =
                    UpdateEncoder.encode(delta, 100 + 200 * p, config, random).words();
        }
        int[] plainSum = new int[VectorLayout.wordCount(dimension)];
        int[] maskedSum = new int[VectorLayout.wordCount(dimension)];
        byte[] pairKey01 = key(1);
        byte[] pairKey02 = key(2);
        byte[] pairKey12 = key(3);
        for (int p = 0; p < 3; p++) {
            int[] masked = encoded[p].clone();
            if (p == 0) {
                MaskPrg.add(pairKey01, KeyDerivation.maskIv(), masked, false);
                MaskPrg.add(pairKey02, KeyDerivation.maskIv(), masked, false);
            } else if (p == 1) {
                MaskPrg.add(pairKey01, KeyDerivation.maskIv(), masked, true);
                MaskPrg.add(pairKey12, KeyDerivation.maskIv(), masked, false);
            } else {
                MaskPrg.add(pairKey02, KeyDerivation.maskIv(), masked, true);
                MaskPrg.add(pairKey12, KeyDerivation.maskIv(), masked, true);
            }
            for (int i = 0; i < plainSum.length; i++) {
                plainSum[i] += encoded[p][i];
                maskedSum[i] += masked[i];
            }
        }
        assertArrayEquals(plainSum, maskedSum);
        assertArrayEquals(
                UpdateDecoder.decodeAverage(plainSum, config), UpdateDecoder.decodeAverage(maskedSum, config));
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void decoderRefusesSumsNoValidCohortCanProduce() {
        EncodingConfig config = new EncodingConfig(1f, 8, 100, 4); // K = 256
        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> UpdateDecoder.decodeAverage(trailed(0, 0), config));
        assertTrue(zero.getMessage().contains("total weight 0"), zero.getMessage());
        IllegalArgumentException heavy = assertThrows(
                IllegalArgumentException.class, () -> UpdateDecoder.decodeAverage(trailed(0, 401), config));
        assertTrue(heavy.getMessage().contains("total weight 401 is not in 1..400"), heavy.getMessage());
        // Weight 2: coordinates must lie in [0, 2 * 2 * 256]; 1025 does not.
        assertArrayEquals(new float[] {-1f, 1f}, UpdateDecoder.decodeAverage(trailed(0, 1024, 2), config));
        IllegalArgumentException outside = assertThrows(
                IllegalArgumentException.class, () -> UpdateDecoder.decodeAverage(trailed(0, 1025, 2), config));
        assertTrue(outside.getMessage().contains("coordinate 1 decodes to 513, outside +-512"), outside.getMessage());
        // A still-masked weight element reads as a huge unsigned number.
        assertThrows(IllegalArgumentException.class, () -> UpdateDecoder.decodeAverage(trailed(0, -7), config));
        assertThrows(IllegalArgumentException.class, () -> UpdateDecoder.decodeAverage(new int[0], config));
        assertThrows(
                IllegalArgumentException.class,
                () -> UpdateDecoder.decodeAverage(new int[VectorLayout.TRAILER_WORDS - 1], config));
    }

    /** Coordinates and the weight word, then zero evaluation and clip words. */
    private static int[] trailed(int... coordinatesAndWeight) {
        return Arrays.copyOf(coordinatesAndWeight, coordinatesAndWeight.length + VectorLayout.TRAILER_WORDS - 1);
    }
}
