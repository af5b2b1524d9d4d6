package org.fedvae.participant.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The noise calibration's round trip, the degenerate cases, and the refusal of invalid input. */
class CalibrationAndInputsTest {

    /** sigma for a target, then epsilon of that sigma: at the target, and just less noise misses it. */
    @RepeatedTest(15)
    void noiseMultiplierRoundTripsToTheTarget(RepetitionInfo repetition) {
        long seed = 51_000 + repetition.getCurrentRepetition();
        Random random = Seeds.random(seed);
        double q = Math.pow(10, -3 * random.nextDouble()) * 0.5; // 5e-4 .. 0.5
        long steps = 1 + random.nextInt(20_000);
        double delta = Math.pow(10, -4 - 4 * random.nextDouble());
        double target = 0.5 + 9.5 * random.nextDouble();
        String what = "seed " + seed + " q=" + q + " steps=" + steps + " delta=" + delta + " target=" + target;
        double sigma = RdpAccountant.noiseMultiplier(q, steps, delta, target);
        double reached = RdpAccountant.epsilon(q, sigma, steps, delta).epsilon();
        assertTrue(reached <= target, what + ": sigma " + sigma + " gives " + reached);
        assertEquals(target, reached, 1e-6 * target, what + ": sigma " + sigma);
        double less = RdpAccountant.epsilon(q, sigma * (1 - 1e-7), steps, delta).epsilon();
        assertTrue(less > target, what + ": a smaller sigma also meets the target");
    }

    /** The issue's PyTorch reference: 20,000 images, batch 1,024, 10 epochs, sigma 1 gives epsilon 5.4. */
    @Test
    void theIssuesReferenceSettingCostsEpsilonFivePointFour() {
        long steps = 10 * 20_000 / 1_024;
        assertEquals(
                5.44, RdpAccountant.epsilon(1_024 / 20_000.0, 1.0, steps, 1e-5).epsilon(), 0.01);
        assertEquals(1.0, RdpAccountant.noiseMultiplier(1_024 / 20_000.0, steps, 1e-5, 5.437960247290155), 1e-6);
    }

    @Test
    void nothingSampledOrNoStepsSpendsNothing() {
        assertEquals(0, RdpAccountant.epsilon(0, 1, 1000, 1e-5).epsilon());
        assertEquals(0, RdpAccountant.epsilon(0.1, 1, 0, 1e-5).epsilon());
        assertEquals(0, RdpAccountant.epsilon(List.of(), 1e-5).epsilon());
        assertEquals(0, RdpAccountant.rdp(0, 0.5, 10, new double[] {1.5, 2})[1]);
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.noiseMultiplier(0, 100, 1e-5, 1));
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.noiseMultiplier(0.1, 0, 1e-5, 1));
    }

    /** The conversion's edge cases, as dp_accounting's compute_epsilon has them. */
    @Test
    void conversionEdgeCases() {
        double[] orders = {1.005, 2, 10};
        assertEquals(0, RdpAccountant.epsilon(orders, new double[] {-1e-12, -1e-12, -1e-12}, 1e-5));
        assertEquals(0, RdpAccountant.epsilon(orders, new double[] {1e-12, 1e-12, 1e-12}, 1e-5)); // delta^2 > 1 - e^-r
        assertEquals(Double.POSITIVE_INFINITY, RdpAccountant.epsilon(new double[] {1.005}, new double[] {1}, 1e-5));
        assertEquals(
                Double.POSITIVE_INFINITY,
                RdpAccountant.epsilon(orders, new double[] {1 / 0.0, 1 / 0.0, 1 / 0.0}, 1e-5));
        PrivacySpent best = EpsilonConversion.epsilon(orders, new double[] {0.1, 0.1, 0.1}, 1e-5);
        assertEquals(10, best.order());
        assertEquals(0.1 + Math.log1p(-0.1) - Math.log(1e-5 * 10) / 9, best.epsilon(), 1e-15);
    }

    @ParameterizedTest(name = "q={0} sigma={1} steps={2} delta={3}")
    @CsvSource({
        "-0.1, 1, 10, 1e-5",
        "1.1, 1, 10, 1e-5",
        "NaN, 1, 10, 1e-5",
        "0.1, 0, 10, 1e-5",
        "0.1, -1, 10, 1e-5",
        "0.1, Infinity, 10, 1e-5",
        "0.1, NaN, 10, 1e-5",
        "0.1, 1, -1, 1e-5",
        "0.1, 1, 10, 0",
        "0.1, 1, 10, 1",
        "0.1, 1, 10, NaN"
    })
    void invalidMechanismsOrDeltasAreRefused(double q, double sigma, long steps, double delta) {
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.epsilon(q, sigma, steps, delta));
    }

    @Test
    void invalidOrdersTargetsAndCurvesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.rdp(0.1, 1, 10, new double[] {}));
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.rdp(0.1, 1, 10, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.rdp(0.1, 1, 10, new double[] {0.5}));
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.rdp(0.1, 1, 10, new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.rdp(0.1, 1, 10, new double[] {1 / 0.0}));
        assertThrows(
                IllegalArgumentException.class,
                () -> RdpAccountant.epsilon(new double[] {2}, new double[] {1, 2}, 1e-5));
        assertThrows(
                IllegalArgumentException.class,
                () -> RdpAccountant.epsilon(new double[] {0.5}, new double[] {1}, 1e-5));
        assertThrows(
                IllegalArgumentException.class,
                () -> RdpAccountant.epsilon(new double[] {2}, new double[] {Double.NaN}, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.noiseMultiplier(0.1, 100, 1e-5, 0));
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.noiseMultiplier(0.1, 100, 1e-5, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> RdpCurve.zero(new double[] {2, 3})
                .plus(RdpCurve.zero(new double[] {2, 4})));
    }
}
