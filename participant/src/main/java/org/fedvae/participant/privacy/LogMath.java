package org.fedvae.participant.privacy;

/**
 * Arithmetic on logarithms of positive numbers: the accountant's sums span hundreds of orders of
 * magnitude (orders up to 1024, small noise multipliers), so they never leave log space.
 */
final class LogMath {

    private LogMath() {}

    /** log(exp(x) + exp(y)), exact when either is log(0) = -infinity. */
    static double logAdd(double x, double y) {
        double lo = Math.min(x, y);
        double hi = Math.max(x, y);
        if (lo == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        return Math.log1p(Math.exp(lo - hi)) + hi;
    }
}
