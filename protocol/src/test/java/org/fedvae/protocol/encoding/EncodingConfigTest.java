package org.fedvae.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EncodingConfigTest {

    /** c = 1, s = 0: K = 1, so the largest sum is maxParticipants * 2 * maxWeight. */
    @Test
    void refusedAtTheLimitAcceptedJustBelow() {
        IllegalArgumentException atLimit = assertThrows(
                IllegalArgumentException.class,
                () -> new EncodingConfig(1f, 0, 1 << 14, 1 << 15)); // 2^15 * 2 * 2^14 = 2^30
        String m = atLimit.getMessage();
        assertTrue(
                m.contains("maxParticipants 32768") && m.contains("maxWeight 16384") && m.contains("= 1073741824"), m);
        assertTrue(m.contains("2^30"), m);

        EncodingConfig below = new EncodingConfig(1f, 0, 1 << 14, (1 << 15) - 1);
        assertEquals((1L << 30) - (1L << 15), below.maxCoordinateSum());
        assertEquals(2, below.headroomBits());
    }

    /** A clip range that is not a multiple of 2^-s rounds the offset unit up: K = ceil(0.3 * 1024) = 308. */
    @Test
    void limitWithAFractionalOffsetUnit() {
        // maxWeight 50 keeps the largest cohort (34861) below the trailer words' own limit (2^16 + 1).
        long perParticipant = 2L * 50 * 308;
        int largest = (int) ((EncodingConfig.SUM_LIMIT - 1) / perParticipant);
        EncodingConfig ok = new EncodingConfig(0.3f, 10, 50, largest);
        assertEquals(308, ok.offsetUnit());
        assertTrue(ok.maxCoordinateSum() < EncodingConfig.SUM_LIMIT);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(0.3f, 10, 50, largest + 1));
        assertTrue(e.getMessage().contains("encoding can overflow"), e.getMessage());
    }

    @Test
    void hugeValuesAreRefusedWithoutOverflowingTheCheck() {
        assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(Float.MAX_VALUE, 31, 1, 1));
        assertThrows(
                IllegalArgumentException.class, () -> new EncodingConfig(1f, 16, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(1f, 30, 1, 1)); // 2 * 2^30
    }

    @Test
    void parametersOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(Float.NaN, 8, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(Float.POSITIVE_INFINITY, 8, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(0f, 8, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(-1f, 8, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(1f, -1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(1f, 32, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(1f, 8, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EncodingConfig(1f, 8, 1, 0));
    }

    /** A plausible MNIST federation: 10 sites of 6000 images, deltas clipped to 1/16, 12 fraction bits. */
    @Test
    void realisticConfigurationLeavesRoomAndHasASmallBound() {
        EncodingConfig config = new EncodingConfig(0.0625f, 12, 6000, 10);
        assertEquals(256, config.offsetUnit());
        assertEquals(10L * 2 * 6000 * 256, config.maxCoordinateSum());
        assertEquals(7, config.headroomBits());
        config.checkNoWrap();
        assertTrue(config.quantizationBound(10, 60_000) < 1e-7);
        assertEquals(1.0 / 4096 + 0.0625 * 0x1p-23, config.quantizationBound());
        assertThrows(IllegalArgumentException.class, () -> config.quantizationBound(3, 2));
    }
}
