package org.fedvae.protocol.secagg.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphRuleTest {

    @Test
    void smallCohortsKeepTheCompleteGraph() {
        assertTrue(GraphRule.DEFAULT.forCohort(2).isEmpty());
        assertTrue(GraphRule.DEFAULT.forCohort(255).isEmpty());
        assertTrue(GraphRule.DEFAULT.forCohort(256).isPresent());
    }

    /** The defaults (active coordinator, 5% corrupted, 10% dropout) at the benchmark's cohort sizes. */
    @Test
    void defaultsAtTheBenchmarkSizes() {
        assertEquals(Optional.of(new GraphParameters(78, 52)), GraphRule.DEFAULT.forCohort(1_000));
        assertEquals(Optional.of(new GraphParameters(96, 64)), GraphRule.DEFAULT.forCohort(10_000));
    }

    @Test
    void refusesRatesThatNeedMoreThanGf256Holders() {
        // Active coordinator, 5% corrupted, 33% dropout: degree 398 at n = 1,000 (Google's table).
        GraphRule rule = new GraphRule(0.05, 0.33, AdversaryClass.ACTIVE);
        assertThrows(IllegalArgumentException.class, () -> rule.forCohort(1_000));
    }
}
