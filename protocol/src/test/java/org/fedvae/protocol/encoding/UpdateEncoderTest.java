package org.fedvae.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UpdateEncoderTest {

    @Test
    void clippingIsCountedExactly() {
        EncodingConfig config = new EncodingConfig(1f, 8, 100, 10);
        float[] delta = {0.5f, 1.5f, -2f, -1f, 1f, Math.nextUp(1f), Math.nextDown(-1f), Float.MIN_VALUE, 0f, -0f};
        EncodedUpdate encoded = UpdateEncoder.encode(delta, 3, config, new Random(1));
        assertEquals(4, encoded.clippedCount()); // 1.5, -2, nextUp(1), nextDown(-1); exactly +-c is not clipped
        assertEquals(delta.length, encoded.dimension());
    }

    /** Values that are exact in fixed point encode deterministically: (x * w * 2^s) + w * K. */
    @Test
    void exactValuesEncodeToTheDocumentedIntegers() {
        EncodingConfig config = new EncodingConfig(2f, 4, 10, 10); // K = 32
        float[] delta = {0.25f, -2f, 2f, 5f, -0.5f, 0f};
        EncodedUpdate encoded = UpdateEncoder.encode(delta, 3, config, new Random(2));
        int offset = 3 * 32;
        // Trailer: weight 3, no evaluation (loss limbs and count 0), one clipped coordinate (5): limbs 1 and 0.
        assertArrayEquals(
                new int[] {12 + offset, 0, 2 * offset, 2 * offset, -24 + offset, offset, 3, 0, 0, 0, 1, 0},
                encoded.words());
        assertEquals(3, encoded.weight());
    }

    @Test
    void weightIsCappedAndStoredLast() {
        EncodingConfig config = new EncodingConfig(1f, 0, 50, 10);
        EncodedUpdate encoded = UpdateEncoder.encode(new float[] {1f}, 7_000, config, new Random(3));
        assertEquals(50, encoded.weight());
        assertEquals(100, encoded.words()[0]); // (1 * 50) + 50 * K with K = 1
    }

    @Test
    void invalidInputsAreRefused() {
        EncodingConfig config = new EncodingConfig(1f, 8, 100, 10);
        assertThrows(
                IllegalArgumentException.class, () -> UpdateEncoder.encode(new float[] {0f}, 0, config, new Random()));
        assertThrows(
                IllegalArgumentException.class, () -> UpdateEncoder.encode(new float[] {0f}, -5, config, new Random()));
        IllegalArgumentException nan = assertThrows(
                IllegalArgumentException.class,
                () -> UpdateEncoder.encode(new float[] {0f, 0f, Float.NaN}, 1, config, new Random()));
        assertTrue(nan.getMessage().contains("delta[2] is NaN"), nan.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> UpdateEncoder.encode(new float[] {Float.NEGATIVE_INFINITY}, 1, config, new Random()));
    }

    @Test
    void emptyDeltaEncodesJustTheTrailer() {
        EncodedUpdate encoded =
                UpdateEncoder.encode(new float[0], 4, new EncodingConfig(1f, 8, 100, 10), new Random(4));
        assertArrayEquals(new int[] {4, 0, 0, 0, 0, 0}, encoded.words());
    }

    /**
     * Stochastic rounding is unbiased: y = 5.3 and y = -2.7 (in units of 2^-s) round to their two
     * neighbours with mean y. Round-to-nearest or floor would miss by 0.3, about 130 standard
     * errors here; the tolerance is 5 standard errors. The seed is fixed, so the run is reproducible.
     */
    @Test
    void stochasticRoundingIsUnbiased() {
        EncodingConfig config = new EncodingConfig(8f, 0, 1, 10); // s = 0, w = 1: y = x
        int n = 200_000;
        for (float x : new float[] {5.3f, -2.7f}) {
            float[] delta = new float[n];
            Arrays.fill(delta, x);
            int[] words =
                    UpdateEncoder.encode(delta, 1, config, new Random(20240601)).words();
            double floor = Math.floor(x);
            double frac = x - floor;
            long total = 0;
            for (int i = 0; i < n; i++) {
                long q = words[i] - config.offsetUnit();
                assertTrue(q == floor || q == floor + 1, "rounded " + x + " to " + q);
                total += q;
            }
            double mean = (double) total / n;
            double standardError = Math.sqrt(frac * (1 - frac) / n);
            assertEquals(x, mean, 5 * standardError, "mean of stochastic rounding of " + x);
        }
    }
}
