package org.fedvae.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsAndIdsTest {

    @Test
    void defaultsAreFiniteAndFitTheModel() {
        TransportLimits d = TransportLimits.DEFAULTS;
        assertEquals(16 * 1024 * 1024, d.maxFrameBytes());
        assertTrue(d.maxFrameBytes() > 2 * 2_611_296, "the 652,824-parameter model must fit with room");
        assertEquals(64 * 1024, d.handshakeMaxFrameBytes());
        assertEquals(Duration.ofSeconds(20), d.heartbeatInterval());
        assertEquals(1000, d.withMaxFrameBytes(1000).handshakeMaxFrameBytes());
    }

    @Test
    void nonsenseLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TransportLimits.DEFAULTS.withMaxFrameBytes(10));
        assertThrows(
                IllegalArgumentException.class, () -> TransportLimits.DEFAULTS.withMaxFrameBytes(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> TransportLimits.DEFAULTS.withIdleTimeout(Duration.ZERO));
        assertThrows(
                IllegalArgumentException.class, () -> TransportLimits.DEFAULTS.withIdleTimeout(Duration.ofMillis(5)));
        assertThrows(
                IllegalArgumentException.class,
                () -> TransportLimits.DEFAULTS.withHandshakeTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> TransportLimits.DEFAULTS.withHandshakeTimeout(null));
    }

    @Test
    void participantIds() {
        for (String ok : new String[] {"a", "site-1", "A.b_c-9", "x".repeat(64), "...", ".hidden"}) {
            assertTrue(ParticipantIds.isValid(ok), ok);
        }
        for (String bad : new String[] {"", ".", "..", "a/b", "a b", "x".repeat(65), "\u00e9", "a\nb", "a\\b"}) {
            assertFalse(ParticipantIds.isValid(bad), bad);
        }
        assertFalse(ParticipantIds.isValid(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParticipantIds.require("a\nb"));
        assertTrue(
                e.getMessage().contains("\"a?b\""), "control characters must not reach the message: " + e.getMessage());
    }
}
