package org.fedvae.protocol.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingPlanLimitsTest {

    @Test
    void saneSettingsPassAtBothEndsOfEachRange() {
        assertEquals(Optional.empty(), TrainingPlanLimits.check(1, 1e-3, 128, 1.0));
        assertEquals(Optional.empty(), TrainingPlanLimits.check(1000, 1.0, 65_536, 0.0));
        assertEquals(Optional.empty(), TrainingPlanLimits.check(1, Double.MIN_VALUE, 1, 1e300));
    }

    @Test
    void eachSettingOutsideItsRangeIsNamed() {
        assertEquals(Optional.of("local epochs 0 outside 1..1000"), TrainingPlanLimits.check(0, 1e-3, 128, 1));
        assertEquals(
                Optional.of("local epochs 4294967295 outside 1..1000"),
                TrainingPlanLimits.check(0xFFFF_FFFFL, 1e-3, 128, 1));
        assertTrue(TrainingPlanLimits.check(1, 0, 128, 1).orElseThrow().startsWith("learning rate 0.0 outside (0, 1]"));
        assertTrue(TrainingPlanLimits.check(1, 1.5, 128, 1).orElseThrow().startsWith("learning rate"));
        assertTrue(TrainingPlanLimits.check(1, Double.NaN, 128, 1).orElseThrow().startsWith("learning rate"));
        assertEquals(Optional.of("batch size 65537 outside 1..65536"), TrainingPlanLimits.check(1, 1e-3, 65_537, 1));
        assertTrue(TrainingPlanLimits.check(1, 1e-3, 128, -0.5).orElseThrow().startsWith("KL weight"));
        assertTrue(TrainingPlanLimits.check(1, 1e-3, 128, Double.POSITIVE_INFINITY)
                .orElseThrow()
                .startsWith("KL weight"));
        assertTrue(
                TrainingPlanLimits.check(1, 1e-3, 128, Double.NaN).orElseThrow().startsWith("KL weight"));
    }
}
