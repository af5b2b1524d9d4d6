package org.fedvae.simulations.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedvae.coordinator.federation.RoundAbort;
import org.fedvae.coordinator.federation.RoundMetrics;
import org.junit.jupiter.api.Test;

/** The console's round line names both losses for what they measure. */
class RoundLineTest {

    private static RoundMetrics round(long id, Optional<RoundAbort> abort, List<String> survivors) {
        return new RoundMetrics(
                id,
                true,
                List.of("a", "b", "c"),
                2,
                survivors,
                abort,
                Optional.empty(),
                0,
                547.8,
                30,
                0,
                0,
                0,
                Map.of(),
                11.84);
    }

    @Test
    void completedRound() {
        assertEquals(
                "round  3/12 [###.........] test loss of the new model 181.39; loss of the round's starting model "
                        + "measured at the sites 547.80; 3 of 3 sites; 11.8 s",
                RoundLine.of(null, round(3, Optional.empty(), List.of("a", "b", "c")), 12, 181.39));
    }

    @Test
    void abortedRoundAndALabelledRun() {
        RoundAbort timeout = new RoundAbort(RoundAbort.Cause.TIMEOUT, "share_keys", "1 of 3 left");
        assertEquals(
                "round 1/1 [############] comparison: ABORTED (TIMEOUT in share_keys: 1 of 3 left); 0 of 3 sites; 11.8 s",
                RoundLine.of("comparison", round(1, Optional.of(timeout), List.of()), 1, Double.NaN));
    }
}
