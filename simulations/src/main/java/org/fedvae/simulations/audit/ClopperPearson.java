package org.fedvae.simulations.audit;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Exact (Clopper-Pearson) one-sided confidence bounds on a binomial proportion from {@code k}
 * successes in {@code n} trials: the true rate is at least {@link #lower} (or at most
 * {@link #upper}) except with probability {@code alpha}.
 */
final class ClopperPearson {

    private ClopperPearson() {}

    static double lower(int k, int n, double alpha) {
        check(k, n, alpha);
        return k == 0 ? 0 : new BetaDistribution(k, n - k + 1.0).inverseCumulativeProbability(alpha);
    }

    static double upper(int k, int n, double alpha) {
        check(k, n, alpha);
        return k == n ? 1 : new BetaDistribution(k + 1.0, n - k).inverseCumulativeProbability(1 - alpha);
    }

    private static void check(int k, int n, double alpha) {
        if (n <= 0 || k < 0 || k > n || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException(
                    "need 0 <= k <= n, n > 0, 0 < alpha < 1: k=" + k + " n=" + n + " alpha=" + alpha);
        }
    }
}
