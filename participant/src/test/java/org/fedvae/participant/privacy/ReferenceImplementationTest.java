package org.fedvae.participant.privacy;

import static org.fedvae.participant.privacy.PublishedValuesTest.assertRelativelyClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cross-checks beyond the published values, against numbers computed with dp_accounting's own
 * functions ({@code _compute_log_a}, {@code _compute_rdp_poisson_subsampled_gaussian}, {@code
 * compute_epsilon} over its default orders; google/differential-privacy at b5b0286e). The log A
 * cases are the extreme parameters of its test_compute_log_a_equals_mp plus two ordinary ones.
 */
class ReferenceImplementationTest {

    /** Integer orders: the accountant's exact sum. Fractional: the absolute-value series of the tests. */
    @ParameterizedTest(name = "q={0} sigma={1} order={2}")
    @CsvSource({
        "1e-07, 0.1, 1.01, 4.0034136195371197e-08",
        "1e-06, 0.1, 256, 3260463.2292971606",
        "1e-05, 0.1, 256.1, 3263607.039788421",
        "1e-06, 1, 27, 8.769511303101142e-10",
        "0.0001, 1.0, 1.5, 6.445198025030585e-09",
        "0.001, 1.0, 2, 1.718280352214069e-06",
        "0.01, 10, 20, 0.00019129699912839754",
        "0.1, 100, 20.5, 0.0001999181845791853",
        "0.99, 0.1, 256, 3263997.427114021",
        "0.999, 100, 256.1, 3.260108037973145",
        "0.5, 0.8, 7.3, 30.870100785107773",
        "0.02, 1.1, 32.7, 300.41982293582464"
    })
    void logAMatchesTheReference(double q, double sigma, double order, double logA) {
        boolean integer = order == Math.rint(order);
        double ours = integer
                ? SampledGaussianRdp.logAInteger(q, sigma, (int) order)
                : AbsoluteValueSeries.logA(q, sigma, order);
        assertRelativelyClose(logA, ours, 1e-6, "log A");
    }

    /**
     * Same epsilon where the best order is an integer; where it is fractional, the accountant's
     * exact RDP can only lower it (by 7% in the q = 0.1, sigma = 0.7 case, by less than 1e-5
     * elsewhere).
     */
    @ParameterizedTest(name = "q={0} sigma={1} steps={2} delta={3}")
    @CsvSource({
        "0.004266666666666667, 1.1, 14062, 1e-05, 2.5965558697943036, 8.1, 1e-6",
        "0.01, 2.5, 50, 1e-05, 0.1447863792989789, 57.0, 1e-6",
        "0.0512, 1.0, 195, 1e-05, 5.437960247290155, 4.0, 1e-6",
        "0.1, 0.7, 1000, 1e-06, 67.46521258036796, 1.7, 0.08",
        "0.5, 5.0, 10, 0.001, 0.9576867489978164, 9.7, 1e-4",
        "0.0001, 0.5, 100000, 1e-08, 5.4148049279036155, 4.2, 1e-5"
    })
    void epsilonOverTheDefaultOrdersMatchesTheReference(
            double q, double sigma, long steps, double delta, double epsilon, double order, double lower) {
        PrivacySpent spent = RdpAccountant.epsilon(q, sigma, steps, delta);
        assertTrue(spent.epsilon() <= epsilon * (1 + 1e-9), spent + " above the reference " + epsilon);
        assertTrue(spent.epsilon() >= epsilon * (1 - lower), spent + " too far below the reference " + epsilon);
        if (order == Math.rint(order)) {
            assertRelativelyClose(epsilon, spent.epsilon(), 1e-9, "epsilon at an integer best order");
            assertEquals(order, spent.order());
        }
    }
}
