package org.fedvae.participant.privacy;

/**
 * The exact A_alpha of the sampled Gaussian mechanism at any order, by numerical integration:
 * A_alpha = E_{z ~ N(0,1)} [(1 + x(z))^alpha] with x(z) = q expm1(z/sigma - 1/(2 sigma^2)), the
 * likelihood ratio of (1-q) N(0, sigma^2) + q N(1, sigma^2) against N(0, sigma^2) at sigma z,
 * minus one.
 *
 * <p>Why quadrature and not the paper's fractional series: that series' terms fall only
 * polynomially, so it needs thousands of terms at small orders (dp_accounting stops after 1,000
 * and gives up on the order), and summed in absolute value it can be several times the exact
 * value at low orders. The integrand is analytic in a strip of half-width pi sigma around the real line, so
 * the trapezoid rule with step h errs by about exp(-2 pi^2 sigma / h) (and exp(-2 pi^2 / h^2) for
 * the Gaussian factor): with h = min(0.2, sigma/5), about exp(-98), far below double precision.
 * The grid spans 15 standard deviations beyond both of the integrand's modes (near 0, and near
 * alpha/sigma where the shifted Gaussian's weight peaks).
 *
 * <p>Two forms, for precision: in log space (online log-sum-exp) when A is far from 1; when log A
 * is small, E[(1+x)^alpha - 1 - alpha x] (E[x] = 0, and the integrand is non-negative by
 * Bernoulli's inequality, so nothing cancels), whose logarithm log1p keeps its relative precision.
 */
final class RenyiQuadrature {

    private static final double LOG_SQRT_2_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double TAIL = 15; // standard deviations kept beyond each mode: exp(-112)
    private static final double SMALL_LOG_A = 0.01;
    private static final double SMALL_X = 0.01;

    private RenyiQuadrature() {}

    /** Grids larger than this (sigma below about 0.017 at order 10.9) are not integrated. */
    static final long MAX_POINTS = 200_000;

    /** Whether {@link #logA} is affordable at these parameters. */
    static boolean affordable(double sigma, double alpha) {
        return Grid.covering(sigma, alpha).points() <= MAX_POINTS;
    }

    /** log A_alpha for 0 < q < 1, sigma > 0, alpha > 1. */
    static double logA(double q, double sigma, double alpha) {
        Grid grid = Grid.covering(sigma, alpha);
        double logA = logSpace(q, sigma, alpha, grid);
        return logA < SMALL_LOG_A ? Math.log1p(excess(q, sigma, alpha, grid)) : logA;
    }

    private record Grid(double from, double step, long points) {
        static Grid covering(double sigma, double alpha) {
            double step = Math.min(0.2, sigma / 5);
            double points = Math.ceil((2 * TAIL + alpha / sigma) / step);
            return new Grid(-TAIL, step, points < Long.MAX_VALUE ? (long) points : Long.MAX_VALUE);
        }

        double z(long i) {
            return from + i * step;
        }
    }

    private static double logSpace(double q, double sigma, double alpha, Grid grid) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double max = Double.NEGATIVE_INFINITY;
        double scaled = 0; // sum of exp(term - max)
        for (long i = 0; i <= grid.points(); i++) {
            double z = grid.z(i);
            double logRatio = LogMath.logAdd(log1mQ, logQ + z / sigma - 1 / (2 * sigma * sigma));
            double term = alpha * logRatio - z * z / 2 - LOG_SQRT_2_PI;
            if (term > max) {
                scaled = scaled * Math.exp(max - term) + 1;
                max = term;
            } else {
                scaled += Math.exp(term - max);
            }
        }
        return max + Math.log(scaled * grid.step());
    }

    /** A_alpha - 1 = E[(1+x)^alpha - 1 - alpha x], for A_alpha close to 1. */
    private static double excess(double q, double sigma, double alpha, Grid grid) {
        double sum = 0;
        for (long i = 0; i <= grid.points(); i++) {
            double z = grid.z(i);
            double x = q * Math.expm1(z / sigma - 1 / (2 * sigma * sigma));
            double logDensity = -z * z / 2 - LOG_SQRT_2_PI;
            if (Math.abs(x) < SMALL_X) {
                sum += Math.exp(logDensity) * binomialRemainder(alpha, x);
            } else {
                sum += Math.exp(alpha * Math.log1p(x) + logDensity) - Math.exp(logDensity) * (1 + alpha * x);
            }
        }
        return sum * grid.step();
    }

    /** (1+x)^alpha - 1 - alpha x = sum_{k>=2} C(alpha,k) x^k, for |x| < 0.01: converges fast. */
    private static double binomialRemainder(double alpha, double x) {
        double term = alpha * (alpha - 1) / 2 * x * x;
        double sum = term;
        for (int k = 3; k < 60 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
            term *= (alpha - k + 1) / k * x;
            sum += term;
        }
        return sum;
    }
}
