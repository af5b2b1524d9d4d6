package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedvae.protocol.encoding.EncodingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncodingPlannerTest {

    @ParameterizedTest
    @CsvSource({"2, 1.0, 10000", "5, 1.0, 10000", "100, 1.0, 6000", "255, 1.0, 10000", "255, 0.5, 60000", "3, 0.01, 1"})
    void takesTheFinestScaleThatCannotWrap(int cohort, float clip, int maxWeight) {
        EncodingConfig c = EncodingPlanner.plan(cohort, clip, maxWeight);
        assertEquals(cohort, c.maxParticipants());
        assertEquals(clip, c.clipRange());
        assertEquals(maxWeight, c.maxWeight());
        assertTrue(c.maxCoordinateSum() < EncodingConfig.SUM_LIMIT);
        if (c.scaleBits() < EncodingConfig.MAX_SCALE_BITS) {
            // one more bit would reach the limit: the planner did not leave precision unused
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new EncodingConfig(clip, c.scaleBits() + 1, maxWeight, cohort));
        }
    }

    @Test
    void theLargerTheCohortTheCoarserTheStep() {
        assertTrue(EncodingPlanner.plan(2, 1f, 10_000).scaleBits()
                > EncodingPlanner.plan(255, 1f, 10_000).scaleBits());
    }

    @Test
    void refusesWhenNoScaleFits() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> EncodingPlanner.plan(255, 1000f, 1_000_000));
        assertTrue(e.getMessage().contains("no fixed-point scale fits"), e.getMessage());
    }
}
