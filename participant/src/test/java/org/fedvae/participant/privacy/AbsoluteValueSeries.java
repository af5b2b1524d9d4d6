package org.fedvae.participant.privacy;

/**
 * dp_accounting's fractional-order RDP ({@code _compute_log_a_frac}): the series of Mironov,
 * Talwar, Zhang 2019 (section 3.3), split at z0 where the two Gaussians' weighted densities meet,
 * each part expanded binomially, every term in absolute value. An upper bound on A_alpha. The
 * accountant reports the exact value instead; the tests pin dp_accounting's published fractional
 * values with this and check that it bounds the accountant's.
 */
final class AbsoluteValueSeries {

    /** dp_accounting gives up on an order after this many terms and reports infinity. */
    static final int MAX_TERMS = 1000;

    private AbsoluteValueSeries() {}

    /** RDP of one step at a fractional order, 0 < q < 1. */
    static double rdpPerStep(double q, double sigma, double alpha) {
        return logA(q, sigma, alpha) / (alpha - 1);
    }

    static double logA(double q, double sigma, double alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoVariance = 2 * sigma * sigma;
        double erfcScale = Math.sqrt(2) * sigma;
        double logHalf = Math.log(0.5);
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double lastS0 = Double.NEGATIVE_INFINITY;
        double lastS1 = Double.NEGATIVE_INFINITY;
        double logAbsBinomial = 0; // log |C(alpha, i)|
        for (int i = 0; i < MAX_TERMS; i++) {
            if (i > 0) {
                logAbsBinomial += Math.log(Math.abs(alpha - i + 1)) - Math.log(i);
            }
            double j = alpha - i;
            double logT0 = logAbsBinomial + i * logQ + j * log1mQ;
            double logT1 = logAbsBinomial + j * logQ + i * log1mQ;
            double logE0 = logHalf + LogErfc.of((i - z0) / erfcScale);
            double logE1 = logHalf + LogErfc.of((z0 - j) / erfcScale);
            double logS0 = logT0 + ((double) i * i - i) / twoVariance + logE0;
            double logS1 = logT1 + (j * j - j) / twoVariance + logE1;
            logA0 = LogMath.logAdd(logA0, logS0);
            logA1 = LogMath.logAdd(logA1, logS1);
            double total = LogMath.logAdd(logA0, logA1);
            // dp_accounting's stopping rule: both parts falling and 30 nats below the total.
            if (logS0 < lastS0 && logS1 < lastS1 && Math.max(logS0, logS1) < total - 30) {
                return total;
            }
            lastS0 = logS0;
            lastS1 = logS1;
        }
        return Double.POSITIVE_INFINITY;
    }
}
