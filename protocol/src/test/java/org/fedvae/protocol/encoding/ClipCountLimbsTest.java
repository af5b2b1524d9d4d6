package org.fedvae.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The clip count in two limbs (PROTOCOL.md section 7): cohort totals above 2^16 and 2^32 decode exactly. */
class ClipCountLimbsTest {

    private static final float CLIP = 1f;

    static Stream<PropertyCase> clipCountsAbove16BitsSurviveEncodeMaskSumDecode() {
        return PropertyCase.cases("clip-count-limbs-round-trip", 24);
    }

    /**
     * Cohorts where each participant clips between half and all of 50,000 to 100,000 coordinates, so
     * single low limbs fill up and their sum carries past 2^16. Each vector is masked with pairwise
     * masks that cancel in the sum (so individual words wrap mod 2^32); the decoded total must equal
     * the exact number of coordinates clipped.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void clipCountsAbove16BitsSurviveEncodeMaskSumDecode(PropertyCase k) {
        Draw d = k.draw();
        int participants = d.between(3, 12);
        int dimension = d.between(50_000, 100_000);
        int minPercent = d.between(50, 100);
        long seed = d.anyLong();
        k.check(() -> assertExactClipCount(participants, dimension, minPercent, seed));
    }

    private static void assertExactClipCount(int participants, int dimension, int minPercent, long seed) {
        EncodingConfig config = new EncodingConfig(CLIP, 8, 100, participants);
        config.checkClipCountFits(dimension);
        SplittableRandom random = new SplittableRandom(seed);
        int[] sum = new int[VectorLayout.wordCount(dimension)];
        int[] previousMask = new int[sum.length];
        long expected = 0;
        for (int u = 0; u < participants; u++) {
            int clipped = dimension * minPercent / 100 + random.nextInt(dimension - dimension * minPercent / 100 + 1);
            float[] delta = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                float sign = random.nextBoolean() ? 1f : -1f;
                // Beyond the range for the first `clipped` coordinates; inside it (edges included) for the rest.
                delta[i] = i < clipped
                        ? sign * Math.nextUp(CLIP + (float) random.nextDouble(0, 2))
                        : sign * (float) random.nextDouble(0, 1) * CLIP;
            }
            EncodedUpdate e = UpdateEncoder.encode(
                    delta, 1 + random.nextInt(200), config, RoundingSource.splitMix64(random.nextLong()));
            assertEquals(clipped, e.clippedCount());
            assertEquals(clipped, VectorLayout.clipCount(e.words()));
            expected += clipped;
            // Mask: plus this participant's fresh mask, minus the previous one's (the last cancels the first).
            int[] mask = new int[sum.length];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = u == participants - 1 ? 0 : random.nextInt();
                sum[i] += e.words()[i] + mask[i] - previousMask[i];
            }
            previousMask = mask;
        }
        assertTrue(expected > 1 << 16, "the cohort must clip more than one limb holds, got " + expected);
        CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(sum, config);
        assertEquals(expected, evaluation.clippedCoordinates());
        UpdateDecoder.decodeAverage(sum, config); // the coordinates are still a valid sum
    }

    /**
     * The worst case of the benchmark: 10,000 participants each clipping all 652,824
     * coordinates. The cohort total, 6,528,240,000, is beyond one 32-bit word; its limbs are not.
     * (Only the trailers are built: writeTrailer does not read the coordinates.)
     */
    @Test
    void tenThousandFullyClippedVaesSumExactly() {
        int n = 10_000;
        int vaeParameters = 652_824;
        EncodingConfig config = new EncodingConfig(0.5f, 8, 100, n);
        config.checkClipCountFits(vaeParameters);
        int[] sum = new int[VectorLayout.TRAILER_WORDS];
        RoundingSource rounding = RoundingSource.splitMix64(11);
        for (int u = 0; u < n; u++) {
            int[] trailer = new int[VectorLayout.TRAILER_WORDS];
            UpdateEncoder.writeTrailer(trailer, 1, LocalEvaluation.NONE, config, rounding, vaeParameters);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += trailer[i];
            }
        }
        long total = (long) n * vaeParameters;
        assertTrue(total >= 1L << 32);
        assertEquals(total, VectorLayout.clipCount(sum));
        assertEquals(n * (vaeParameters & 0xFFFF), Integer.toUnsignedLong(sum[VectorLayout.CLIP_LO]));
        assertEquals(n * (vaeParameters >>> 16), sum[VectorLayout.CLIP_HI]);
    }
}
