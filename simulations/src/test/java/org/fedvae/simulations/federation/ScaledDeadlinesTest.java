package org.fedvae.simulations.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.junit.jupiter.api.Test;

class ScaledDeadlinesTest {

    private static final RoundPolicy.Deadlines DEFAULTS = RunCommand.DEFAULT_DEADLINES;

    @Test
    void theMainJobKeepsItsDeadlinesAndTimeouts() {
        assertEquals(DEFAULTS, ScaledDeadlines.of(DEFAULTS, 10, false, false));
        assertEquals(Duration.ofSeconds(60), ScaledDeadlines.idleTimeout(Duration.ofSeconds(60), DEFAULTS));
        assertEquals(Duration.ofSeconds(15), ScaledDeadlines.handshakeTimeout(Duration.ofSeconds(15), 10));
    }

    @Test
    void aThousandSitesGetDeadlinesThatGrowWithThem() {
        RoundPolicy.Deadlines d = ScaledDeadlines.of(DEFAULTS, 1_000, false, false);
        assertEquals(Duration.ofSeconds(2_000), d.keyStage());
        assertEquals(Duration.ofSeconds(1_200), d.training());
        assertEquals(Duration.ofSeconds(2_000), ScaledDeadlines.idleTimeout(Duration.ofSeconds(60), d));
        assertEquals(
                Duration.ofSeconds(180),
                ScaledDeadlines.of(DEFAULTS, 300, false, false).keyStage());
        assertEquals(Duration.ofSeconds(50), ScaledDeadlines.handshakeTimeout(Duration.ofSeconds(15), 1_000));
    }

    @Test
    void aDeadlineGivenOnTheCommandLineIsKeptAsGiven() {
        RoundPolicy.Deadlines given = new RoundPolicy.Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(7));
        assertEquals(given, ScaledDeadlines.of(given, 1_000, true, true));
        assertEquals(
                Duration.ofSeconds(7),
                ScaledDeadlines.of(given, 1_000, false, true).training());
        assertEquals(
                Duration.ofSeconds(2_000),
                ScaledDeadlines.of(given, 1_000, false, true).keyStage());
    }
}
