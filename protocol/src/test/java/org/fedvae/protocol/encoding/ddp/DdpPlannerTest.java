package org.fedvae.protocol.encoding.ddp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DdpPlannerTest {

    @Test
    void theVaeIsPaddedByUnderOnePercent() {
        assertEquals(1 << 16, DdpPlanner.blockSize(652_824));
        DdpParameters params = DdpPlanner.plan(652_824, 1.0, 1.0, 667, 1000, 1e-4);
        assertEquals(655_360, params.paddedLength());
        assertTrue(params.modularClippingBound() <= 1e-4);
    }

    @Test
    void paddingStaysWithinFivePercent() {
        for (int d = 1; d < 200_000; d = d * 3 + 1) {
            int padded = DdpParameters.paddedLength(d, DdpPlanner.blockSize(d));
            assertTrue(padded - d <= 0.05 * d, d + " -> " + padded);
        }
    }

    @Test
    void theChosenScaleIsTheLargestPowerOfTwoThatMeetsTheBound() {
        DdpParameters params = DdpPlanner.plan(10_000, 2.0, 0.5, 10, 100, 1e-4);
        assertTrue(params.modularClippingBound() <= 1e-4);
        DdpParameters doubled = new DdpParameters(10_000, params.blockSize(), 2.0, 2 * params.scale(), 0.5, 10, 100);
        assertTrue(doubled.modularClippingBound() > 1e-4, "" + doubled.modularClippingBound());
        assertEquals(0, Math.getExponent(params.scale()) - Math.log(params.scale()) / Math.log(2), 0);
    }

    @Test
    void roundedBoundIsKairouzEtAlTheorem22() {
        // c = 100, d = 64: min(100 + 8, sqrt(10000 + 16 + 1 * (100 + 4))) with sqrt(2 ln(1/beta)) = 1.
        DdpParameters params = new DdpParameters(64, 64, 1.0, 100, 1.0, 1, 1);
        assertEquals(Math.sqrt(10_000 + 16 + 104), params.roundedL2Bound(), 1e-12);
        assertEquals(Math.sqrt(10_120) * 8, params.roundedL1Bound(), 1e-9);
    }

    @Test
    void refusesBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new DdpParameters(0, 1, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DdpParameters(10, 3, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DdpParameters(10, 2, 0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DdpParameters(10, 2, 1, 0x1p31, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DdpParameters(10, 2, 1, 1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DdpParameters(10, 2, 1, 1, 1, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> DdpPlanner.plan(10, 1, 1, 1, 1, 0));
    }
}
