package org.fedvae.participant.privacy;

import static org.fedvae.participant.privacy.PublishedValuesTest.assertRelativelyClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The accountant's fractional orders: exact RDP by numerical integration ({@link
 * RenyiQuadrature}), checked against the exact integer-order sum, and held against dp_accounting's
 * absolute-value series ({@link AbsoluteValueSeries}), which must bound it from above.
 */
class FractionalOrdersTest {

    /** At integer orders the integral and the finite sum are two independent exact methods. */
    @RepeatedTest(30)
    void quadratureAgreesWithTheExactSumAtIntegerOrders(RepetitionInfo repetition) {
        long seed = 31_000 + repetition.getCurrentRepetition();
        Random random = Seeds.random(seed);
        double q = Math.min(Math.pow(10, -9 * random.nextDouble()), 0.999999); // 1e-9 .. 1
        double sigma = 0.05 + 10 * random.nextDouble() * random.nextDouble();
        int order = 2 + random.nextInt(62);
        double sum = SampledGaussianRdp.logAInteger(q, sigma, order);
        double integral = RenyiQuadrature.logA(q, sigma, order);
        assertRelativelyClose(sum, integral, 1e-10, "seed " + seed + " q=" + q + " sigma=" + sigma + " order=" + order);
    }

    /** dp_accounting's value is an upper bound on the exact one (where its series converges). */
    @RepeatedTest(30)
    void absoluteValueSeriesBoundsTheReportedValue(RepetitionInfo repetition) {
        long seed = 32_000 + repetition.getCurrentRepetition();
        Random random = Seeds.random(seed);
        double q = Math.min(Math.pow(10, -3 * random.nextDouble()), 0.999); // the series is imprecise below 1e-3
        double sigma = 0.3 + 9.7 * random.nextDouble();
        double order = 1.05 + Math.floor(random.nextDouble() * 99) / 10; // never an integer
        double reported = SampledGaussianRdp.perStep(q, sigma, order);
        double bound = AbsoluteValueSeries.rdpPerStep(q, sigma, order);
        String what = "seed " + seed + " q=" + q + " sigma=" + sigma + " order=" + order;
        assertTrue(Double.isFinite(reported), what);
        assertTrue(bound >= reported * (1 - 1e-9), what + ": bound " + bound + " below reported " + reported);
    }

    /** How loose the bound gets at large q: twice the exact value here. */
    @Test
    void theBoundIsLooseAtLargeSamplingRates() {
        double exact = SampledGaussianRdp.perStep(0.7173840069758218, 4.318613236280649, 1.1);
        double bound = AbsoluteValueSeries.rdpPerStep(0.7173840069758218, 4.318613236280649, 1.1);
        assertTrue(bound > 2 * exact, "bound " + bound + ", exact " + exact);
    }

    /**
     * Where the series gives up (its terms fall only polynomially; dp_accounting stops after 1,000
     * and reports infinity), the integral still gives the order a value, between its neighbours.
     */
    @Test
    void ordersTheSeriesGivesUpOnStillCount() {
        double q = 0.338904660993223;
        double sigma = 0.7270104423906705;
        assertEquals(Double.POSITIVE_INFINITY, AbsoluteValueSeries.rdpPerStep(q, sigma, 1.6));
        double[] rdp = RdpAccountant.rdp(q, sigma, 1, new double[] {1.5, 1.6, 2});
        assertTrue(rdp[0] <= rdp[1] && rdp[1] <= rdp[2], Arrays.toString(rdp));
    }

    /**
     * Where the grid would be too large (sigma below about 0.017 at the largest fractional default
     * order, 10.9), a fractional order reports the next integer order's RDP, an upper bound.
     */
    @Test
    void tinyNoiseFallsBackToTheNextIntegerOrder() {
        assertTrue(!RenyiQuadrature.affordable(0.01, 10.5));
        assertEquals(SampledGaussianRdp.perStep(0.01, 0.01, 11), SampledGaussianRdp.perStep(0.01, 0.01, 10.5));
        assertTrue(RenyiQuadrature.affordable(0.017, 10.9));
        assertTrue(RenyiQuadrature.affordable(0.01, 1.5));
    }
}
