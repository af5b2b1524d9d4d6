package org.fedvae.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RoundingSourceTest {

    /** SplitMix64's published outputs for seed 1234567 (Vigna's reference), as doubles: top 53 bits times 2^-53. */
    @Test
    void splitMix64MatchesTheReferenceOutputs() {
        long[] reference = {
            6457827717110365317L, 3203168211198807973L, 0x883EBCE5A3F27C77L, 4593380528125082431L, 0xE3B8346708CB5ECDL
        };
        RoundingSource s = RoundingSource.splitMix64(1234567L);
        for (long raw : reference) {
            assertEquals((raw >>> 11) * 0x1.0p-53, s.nextDouble());
        }
    }

    @Test
    void drawsAreInTheUnitInterval() {
        RoundingSource s = RoundingSource.splitMix64(-1L);
        for (int i = 0; i < 10_000; i++) {
            double d = s.nextDouble();
            assertTrue(d >= 0 && d < 1, "draw " + d);
        }
    }

    /** freshFrom draws exactly one nextLong, at the call, and expands that seed with SplitMix64. */
    @Test
    void freshFromTakesOneSeedFromTheParticipantsRandomNow() {
        byte[] seedBytes = {1, 2, 3, 4, 5, 6, 7, 8};
        Scripted random = new Scripted(seedBytes);
        RoundingSource fresh = RoundingSource.freshFrom(random);
        assertEquals(1, random.longs);
        RoundingSource expected =
                RoundingSource.splitMix64(ByteBuffer.wrap(seedBytes).getLong());
        for (int i = 0; i < 100; i++) {
            assertEquals(expected.nextDouble(), fresh.nextDouble());
        }
        assertEquals(1, random.longs, "the draws come from the seed, not from the SecureRandom");
    }

    /** Two rounds of one participant round differently: each draws a seed of its own. */
    @Test
    void everyEncodingGetsAFreshSeed() {
        SecureRandom random = new SecureRandom();
        EncodingConfig config = new EncodingConfig(1f, 4, 10, 10);
        float[] delta = new float[64];
        java.util.Arrays.fill(delta, 0.03f); // 0.03 * 2^4 = 0.48: every coordinate rounds at random
        int[] first = UpdateEncoder.encode(delta, 1, config, RoundingSource.freshFrom(random))
                .words();
        int[] second = UpdateEncoder.encode(delta, 1, config, RoundingSource.freshFrom(random))
                .words();
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(second));
        int[] replayed = UpdateEncoder.encode(delta, 1, config, RoundingSource.splitMix64(42))
                .words();
        assertArrayEquals(
                replayed,
                UpdateEncoder.encode(delta, 1, config, RoundingSource.splitMix64(42))
                        .words());
    }

    /** A SecureRandom that hands out fixed bytes and counts nextLong calls. */
    private static final class Scripted extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        int longs;

        Scripted(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long nextLong() {
            longs++;
            return ByteBuffer.wrap(bytes).getLong();
        }
    }
}
