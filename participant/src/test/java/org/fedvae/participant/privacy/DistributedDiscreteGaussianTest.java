package org.fedvae.participant.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistributedDiscreteGaussianTest {

    /**
     * tau = 10 sum_{k=1}^{n-1} exp(-2 pi^2 v k/(k+1)), by hand: n = 2, v = 1 is 10 exp(-pi^2);
     * the others are the same sum evaluated in Python's math module (double precision).
     */
    @Test
    void tauIsTheSumOfKairouzEtAl() {
        assertEquals(10 * Math.exp(-Math.PI * Math.PI), tau(1.0, 2), 1e-18);
        assertEquals(0.0005172318620381233, tau(1.0, 2), 1e-15);
        assertEquals(0.0005365032810126549, tau(1.0, 3), 1e-15);
        assertEquals(2.34532531924677, tau(0.25, 10), 1e-12);
        assertEquals(0, tau(5.0, 1));
    }

    /**
     * The per-round RDP where tau matters (small variances), against the formula of TFF's
     * accounting_utils.compute_rdp_dgaussian (Kairouz et al., Proposition 14) evaluated in Python:
     * Delta2 = 10, Delta1 = 30, d = 16.
     */
    @ParameterizedTest(name = "order {0}")
    @CsvSource({
        "2, 77.52520510794831, 20.00866575323833",
        "8, 197.5252051079483, 80.00866575323835",
        "32, 677.5252051079482, 320.0086657532384"
    })
    void rdpWithTauMatchesTheReferenceFormula(double order, double atQuarterTen, double atOneFive) {
        assertEquals(atQuarterTen, new DistributedDiscreteGaussian(10, 30, 0.25, 10, 16, 1).perRound(order), 1e-9);
        assertEquals(atOneFive, new DistributedDiscreteGaussian(10, 30, 1.0, 5, 16, 1).perRound(order), 1e-9);
    }

    /** With tau = 0 (large variance) it is the Gaussian mechanism the existing accountant pins. */
    @Test
    void withoutTauItIsTheGaussianMechanism() {
        double delta2 = 1000;
        int n = 50;
        double v = 400.0;
        DistributedDiscreteGaussian ddg = new DistributedDiscreteGaussian(delta2, delta2 * 30, v, n, 1 << 10, 25);
        assertEquals(0, ddg.tau());
        double z = Math.sqrt(n * v) / delta2;
        double[] orders = RdpOrders.defaults();
        double[] gaussian = new Mechanism(1, z, 25).rdp(orders);
        double[] distributed = ddg.rdp(orders);
        for (int i = 0; i < orders.length; i++) {
            assertEquals(gaussian[i], distributed[i], 1e-12 * gaussian[i], "order " + orders[i]);
        }
        assertEquals(
                RdpAccountant.epsilon(1, z, 25, 1e-5).epsilon(),
                ddg.epsilon(1e-5).epsilon(),
                1e-12);
    }

    @Test
    void composesLinearlyOverRounds() {
        DistributedDiscreteGaussian one = new DistributedDiscreteGaussian(10, 30, 1.0, 5, 16, 1);
        DistributedDiscreteGaussian many = new DistributedDiscreteGaussian(10, 30, 1.0, 5, 16, 7);
        double[] orders = RdpOrders.defaults();
        double[] composed = RdpCurve.zero()
                .plus(one)
                .plus(one)
                .plus(one)
                .plus(one)
                .plus(one)
                .plus(one)
                .plus(one)
                .rdp();
        assertArrayEquals(many.rdp(orders), composed, 1e-9);
    }

    @Test
    void calibrationMeetsTheTargetAndBarelySo() {
        for (double target : new double[] {4, 10}) {
            DdpParameters p = ClientDpCalibration.plan(652_824, 1.0, 66, 100, 50, 1e-5, target);
            double eps = ClientDpCalibration.epsilon(p, 50, 1e-5);
            assertTrue(eps <= target, "epsilon " + eps + " above " + target);
            assertTrue(eps > 0.97 * target, "epsilon " + eps + " far below " + target + ": noise wasted");
            assertTrue(p.modularClippingBound() <= 1e-4);
        }
    }

    @Test
    void moreContributorsOrLessNoiseMeansMoreEpsilon() {
        DistributedDiscreteGaussian base = new DistributedDiscreteGaussian(100, 1000, 50, 10, 64, 10);
        DistributedDiscreteGaussian lessNoise = new DistributedDiscreteGaussian(100, 1000, 25, 10, 64, 10);
        assertTrue(lessNoise.epsilon(1e-5).epsilon() > base.epsilon(1e-5).epsilon());
    }

    @Test
    void refusesBadInputs() {
        assertThrows(IllegalArgumentException.class, () -> new DistributedDiscreteGaussian(0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DistributedDiscreteGaussian(2, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DistributedDiscreteGaussian(1, 1, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DistributedDiscreteGaussian(1, 1, 1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DistributedDiscreteGaussian(1, 1, 1, 1, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> ClientDpCalibration.plan(100, 1, 2, 4, 0, 1e-5, 1));
        assertThrows(IllegalArgumentException.class, () -> ClientDpCalibration.plan(100, 1, 2, 4, 1, 1e-5, 0));
    }

    private static double tau(double v, int n) {
        return new DistributedDiscreteGaussian(1, 1, v, n, 1, 1).tau();
    }
}
