package org.fedvae.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The trailer words of an encoded vector: weight, loss sum limbs, evaluation count, clip count limbs
 * (PROTOCOL.md section 7).
 */
class TrailerWordsTest {

    private static final EncodingConfig CONFIG = new EncodingConfig(1f, 8, 100, 10);

    private static int[] trailer(EncodedUpdate e) {
        return Arrays.copyOfRange(e.words(), e.dimension(), e.words().length);
    }

    /** 2.25 nats * 7 images * 2^4 = 252 units exactly: no rounding draw can change it. */
    @Test
    void exactLossSumsEncodeToTheDocumentedWords() {
        EncodedUpdate e = UpdateEncoder.encode(
                new float[] {0.5f, 3f}, 3, new LocalEvaluation(2.25, 7), CONFIG, RoundingSource.splitMix64(1));
        assertArrayEquals(new int[] {3, 252, 0, 7, 1, 0}, trailer(e));
        assertEquals(7, e.evaluationCount());
    }

    /** 62.5 nats * 100 images * 16 = 100000 units = 1 * 2^16 + 34464. */
    @Test
    void lossSumsAbove16BitsSplitIntoTwoLimbs() {
        EncodedUpdate e = UpdateEncoder.encode(
                new float[] {0f}, 100, new LocalEvaluation(62.5, 100), CONFIG, RoundingSource.splitMix64(2));
        assertArrayEquals(new int[] {100, 34464, 1, 100, 0, 0}, trailer(e));
    }

    @Test
    void theCountIsCappedLikeTheWeightAndTheLossClippedToItsRange() {
        EncodedUpdate big = UpdateEncoder.encode(
                new float[] {0f}, 1, new LocalEvaluation(1e12, 5_000), CONFIG, RoundingSource.splitMix64(3));
        long units = 100L * 32768 * 16; // count capped at maxWeight 100, loss at L_max
        assertArrayEquals(new int[] {1, (int) (units & 0xFFFF), (int) (units >>> 16), 100, 0, 0}, trailer(big));
        EncodedUpdate negative = UpdateEncoder.encode(
                new float[] {0f}, 1, new LocalEvaluation(-3.0, 4), CONFIG, RoundingSource.splitMix64(4));
        assertArrayEquals(new int[] {1, 0, 0, 4, 0, 0}, trailer(negative));
    }

    /** A diverged evaluation counts out (count 0) rather than poisoning the cohort's sum; so does an empty test set. */
    @Test
    void divergedOrMissingEvaluationsContributeNothing() {
        for (LocalEvaluation none : new LocalEvaluation[] {
            new LocalEvaluation(Double.NaN, 9),
            new LocalEvaluation(Double.POSITIVE_INFINITY, 9),
            new LocalEvaluation(12.0, 0),
            LocalEvaluation.NONE
        }) {
            EncodedUpdate e = UpdateEncoder.encode(new float[] {0f}, 2, none, CONFIG, RoundingSource.splitMix64(5));
            assertArrayEquals(new int[] {2, 0, 0, 0, 0, 0}, trailer(e), none.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new LocalEvaluation(1.0, -1));
    }

    /** One draw per coordinate, then exactly one for the loss sum (also when there is nothing to round). */
    @Test
    void theLossSumTakesOneDrawAfterTheCoordinates() {
        for (LocalEvaluation ev : new LocalEvaluation[] {new LocalEvaluation(3.3, 3), LocalEvaluation.NONE}) {
            AtomicInteger draws = new AtomicInteger();
            UpdateEncoder.encode(new float[6], 1, ev, CONFIG, () -> {
                draws.incrementAndGet();
                return 0.5;
            });
            assertEquals(7, draws.get(), ev.toString());
        }
        // y = 3.3 * 3 * 16 = 158.4: a draw below 0.4 rounds up, one above rounds down.
        RoundingSource low = () -> 0.1;
        RoundingSource high = () -> 0.9;
        assertEquals(
                159,
                UpdateEncoder.encode(new float[0], 1, new LocalEvaluation(3.3, 3), CONFIG, low)
                        .words()[1]);
        assertEquals(
                158,
                UpdateEncoder.encode(new float[0], 1, new LocalEvaluation(3.3, 3), CONFIG, high)
                        .words()[1]);
    }

    /** The low limb is what limits the cohort: (2^16 - 1) per participant, so at most 2^16 + 1 participants. */
    @Test
    void configurationsWhoseTrailerSumsCouldWrapAreRefused() {
        new EncodingConfig(1f, 0, 1, 65_537); // (2^16 + 1) * (2^16 - 1) = 2^32 - 1
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(1f, 0, 1, 65_538));
        assertTrue(e.getMessage().contains("trailer words can overflow"), e.getMessage());
    }

    /**
     * The reason for two clip-count limbs: n = 10,000 participants with the 652,824-parameter VAE
     * could clip 6,528,240,000 coordinates in all, more than one 32-bit word holds.
     */
    @Test
    void tenThousandParticipantsWithTheFullVaeAreAccepted() {
        EncodingConfig config = new EncodingConfig(0.5f, 8, 100, 10_000);
        assertTrue(10_000L * 652_824 >= 1L << 32);
        config.checkClipCountFits(652_824);
        config.checkClipCountFits(Integer.MAX_VALUE); // the high limb: 10,000 * (2^15 - 1) < 2^32
    }

    /** The largest cohort the low-limb rule allows fits every vector length; one more could wrap and is refused. */
    @Test
    void clipCountLimbsThatCouldWrapAreRefused() {
        new EncodingConfig(1f, 0, 1, 65_537).checkClipCountFits(Integer.MAX_VALUE);
        // 65,538 * (2^16 - 1) = 2^32 + 65,534: the low limb's cohort sum could wrap.
        IllegalArgumentException low =
                assertThrows(IllegalArgumentException.class, () -> EncodingConfig.checkClipCountFits(65_538, 652_824));
        assertTrue(low.getMessage().contains("clip count can overflow"), low.getMessage());
        assertTrue(low.getMessage().contains("low limb sums to up to 4295032830"), low.getMessage());
        // With fewer coordinates than a limb holds, L bounds the low limb: 65,538 * 65,534 = 2^32 - 4 fits.
        EncodingConfig.checkClipCountFits(65_538, 65_534);
        // 2^17 participants: the high limb of 2^31 - 1 coordinates, 2^17 * (2^15 - 1), still fits; the low does not.
        IllegalArgumentException both = assertThrows(
                IllegalArgumentException.class, () -> EncodingConfig.checkClipCountFits(1L << 17, 1 << 16));
        assertTrue(both.getMessage().contains("low limb sums to up to 8589803520"), both.getMessage());
        // The high limb alone: 2^22 participants each clipping 2^26 coordinates, 2^22 * 2^10 = 2^32.
        IllegalArgumentException high = assertThrows(
                IllegalArgumentException.class, () -> EncodingConfig.checkClipCountFits(1L << 22, 1 << 26));
        assertTrue(high.getMessage().contains("high limb to up to 4294967296"), high.getMessage());
        IllegalArgumentException negative = assertThrows(
                IllegalArgumentException.class, () -> new EncodingConfig(1f, 0, 1, 4).checkClipCountFits(-1));
        assertTrue(negative.getMessage().contains("must not be negative"), negative.getMessage());
        // The same cohort is already refused as an encoding: the rule that keeps both low limbs in range.
        IllegalArgumentException config =
                assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(1f, 0, 1, 65_538));
        assertTrue(config.getMessage().contains("low limb (loss sum, clip count)"), config.getMessage());
    }

    /** Clip counts above 2^16 split into limbs: 70,000 = 1 * 2^16 + 4,464. */
    @Test
    void clipCountsAbove16BitsSplitIntoTwoLimbs() {
        float[] delta = new float[70_001];
        java.util.Arrays.fill(delta, 0, 70_000, 2f);
        EncodedUpdate e = UpdateEncoder.encode(delta, 1, LocalEvaluation.NONE, CONFIG, RoundingSource.splitMix64(6));
        assertArrayEquals(new int[] {1, 0, 0, 0, 4_464, 1}, trailer(e));
        assertEquals(70_000, e.clippedCount());
        assertEquals(70_000, VectorLayout.clipCount(e.words()));
    }

    @Test
    void decoderRefusesTrailersNoValidCohortCanProduce() {
        EncodingConfig config = new EncodingConfig(1f, 8, 100, 4);
        assertEquals(
                new CohortEvaluation(400L * 32768 * 16, 400, 8),
                UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 0, 400 * 32768 * 16 >>> 16, 400, 8, 0}, config));
        IllegalArgumentException count = assertThrows(
                IllegalArgumentException.class,
                () -> UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 0, 0, 401, 0, 0}, config));
        assertTrue(count.getMessage().contains("evaluation count 401"), count.getMessage());
        IllegalArgumentException loss = assertThrows(
                IllegalArgumentException.class,
                () -> UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 1, 10 * 32768 * 16 >>> 16, 10, 0, 0}, config));
        assertTrue(loss.getMessage().contains("loss sum"), loss.getMessage());
        IllegalArgumentException clip = assertThrows(
                IllegalArgumentException.class,
                () -> UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 0, 0, 0, 9, 0}, config));
        assertTrue(clip.getMessage().contains("clip count 9"), clip.getMessage());
        // The high limb counts 2^16 each: 65,536 clipped coordinates cannot come from 4 * 2.
        IllegalArgumentException high = assertThrows(
                IllegalArgumentException.class,
                () -> UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 0, 0, 0, 0, 1}, config));
        assertTrue(high.getMessage().contains("clip count 65536"), high.getMessage());
        // A still-masked word reads as a huge unsigned number.
        assertThrows(
                IllegalArgumentException.class,
                () -> UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 0, 0, -3, 0, 0}, config));
        assertTrue(Double.isNaN(new CohortEvaluation(0, 0, 0).meanLoss()));
    }
}
