package org.fedvae.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The trailer words of an encoded vector: weight, loss sum limbs, evaluation count, clip count (PROTOCOL.md section 7). */
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
        assertArrayEquals(new int[] {3, 252, 0, 7, 1}, trailer(e));
        assertEquals(7, e.evaluationCount());
    }

    /** 62.5 nats * 100 images * 16 = 100000 units = 1 * 2^16 + 34464. */
    @Test
    void lossSumsAbove16BitsSplitIntoTwoLimbs() {
        EncodedUpdate e = UpdateEncoder.encode(
                new float[] {0f}, 100, new LocalEvaluation(62.5, 100), CONFIG, RoundingSource.splitMix64(2));
        assertArrayEquals(new int[] {100, 34464, 1, 100, 0}, trailer(e));
    }

    @Test
    void theCountIsCappedLikeTheWeightAndTheLossClippedToItsRange() {
        EncodedUpdate big = UpdateEncoder.encode(
                new float[] {0f}, 1, new LocalEvaluation(1e12, 5_000), CONFIG, RoundingSource.splitMix64(3));
        long units = 100L * 32768 * 16; // count capped at maxWeight 100, loss at L_max
        assertArrayEquals(new int[] {1, (int) (units & 0xFFFF), (int) (units >>> 16), 100, 0}, trailer(big));
        EncodedUpdate negative = UpdateEncoder.encode(
                new float[] {0f}, 1, new LocalEvaluation(-3.0, 4), CONFIG, RoundingSource.splitMix64(4));
        assertArrayEquals(new int[] {1, 0, 0, 4, 0}, trailer(negative));
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
            assertArrayEquals(new int[] {2, 0, 0, 0, 0}, trailer(e), none.toString());
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
        assertTrue(e.getMessage().contains("evaluation words can overflow"), e.getMessage());
    }

    @Test
    void theClipCountMustFitForTheVectorLength() {
        EncodingConfig config = new EncodingConfig(1f, 0, 1, 1024);
        config.checkClipCountFits((1 << 22) - 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> config.checkClipCountFits(1 << 22));
        assertTrue(e.getMessage().contains("clip count can overflow"), e.getMessage());
    }

    @Test
    void decoderRefusesTrailersNoValidCohortCanProduce() {
        EncodingConfig config = new EncodingConfig(1f, 8, 100, 4);
        assertEquals(
                new CohortEvaluation(400L * 32768 * 16, 400, 8),
                UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 0, 400 * 32768 * 16 >>> 16, 400, 8}, config));
        IllegalArgumentException count = assertThrows(
                IllegalArgumentException.class,
                () -> UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 0, 0, 401, 0}, config));
        assertTrue(count.getMessage().contains("evaluation count 401"), count.getMessage());
        IllegalArgumentException loss = assertThrows(
                IllegalArgumentException.class,
                () -> UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 1, 10 * 32768 * 16 >>> 16, 10, 0}, config));
        assertTrue(loss.getMessage().contains("loss sum"), loss.getMessage());
        IllegalArgumentException clip = assertThrows(
                IllegalArgumentException.class,
                () -> UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 0, 0, 0, 9}, config));
        assertTrue(clip.getMessage().contains("clip count 9"), clip.getMessage());
        // A still-masked word reads as a huge unsigned number.
        assertThrows(
                IllegalArgumentException.class,
                () -> UpdateDecoder.decodeEvaluation(new int[] {0, 0, 4, 0, 0, -3, 0}, config));
        assertTrue(Double.isNaN(new CohortEvaluation(0, 0, 0).meanLoss()));
    }
}
