package org.fedvae.protocol.secagg.graph;

/**
 * ln(n!) for the parameter rule: a table up to {@link #TABLE} and Stirling's series above it (relative error far
 * below 1e-15 there), so binomial coefficients of populations up to a million stay exact to double precision.
 */
final class LogFactorial {

    private static final int TABLE = 1024;
    private static final double[] SMALL = new double[TABLE];
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    static {
        for (int i = 1; i < TABLE; i++) {
            SMALL[i] = SMALL[i - 1] + Math.log(i);
        }
    }

    private LogFactorial() {}

    static double of(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("factorial of a negative number: " + n);
        }
        if (n < TABLE) {
            return SMALL[n];
        }
        double x = n + 1.0; // ln(n!) = ln Gamma(n + 1)
        double inv = 1 / x;
        double inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
    }

    /** ln C(n, k), for 0 <= k <= n. */
    static double logChoose(int n, int k) {
        return of(n) - of(k) - of(n - k);
    }
}
