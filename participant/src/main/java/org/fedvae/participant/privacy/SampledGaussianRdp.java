package org.fedvae.participant.privacy;

/**
 * The Renyi DP of one step of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar, Zhang
 * 2019, "Renyi Differential Privacy of the Sampled Gaussian Mechanism"): each record is in the
 * batch with probability q, and Gaussian noise of standard deviation sigma times the sensitivity
 * is added to the sum. The RDP at order alpha is log(A_alpha) / (alpha - 1), where A_alpha is the
 * alpha-th moment of the likelihood ratio of the mixture (1-q) N(0, sigma^2) + q N(1, sigma^2)
 * against N(0, sigma^2).
 *
 * <p>Integer orders use the finite binomial sum, exact. Fractional orders are exact too, by
 * numerical integration ({@link RenyiQuadrature}), not dp_accounting's fractional series summed in
 * absolute value: that is an upper bound (6.7058e-4 where the exact value is 6.5007e-4 at q =
 * 0.01, sigma = 2.5, 50 steps, order 1.5; up to twice the exact value at large q) and gives up
 * (infinity) at small orders when sigma is small. Below sigma of about 0.017 (at order 10.9), where the
 * integration grid would grow too large, a fractional order alpha reports the exact RDP at the
 * next integer order instead: an upper bound, since RDP never decreases with the order.
 */
final class SampledGaussianRdp {

    private SampledGaussianRdp() {}

    /** RDP of one step at {@code order} (> 1); inputs are validated by the caller. */
    static double perStep(double q, double sigma, double order) {
        if (q == 0) {
            return 0;
        }
        if (q == 1) {
            return order / (2 * sigma * sigma); // the plain Gaussian mechanism
        }
        if (isInteger(order)) {
            return logAInteger(q, sigma, (int) order) / (order - 1);
        }
        if (RenyiQuadrature.affordable(sigma, order)) {
            return RenyiQuadrature.logA(q, sigma, order) / (order - 1);
        }
        double next = Math.ceil(order);
        return isInteger(next) ? logAInteger(q, sigma, (int) next) / (next - 1) : Double.POSITIVE_INFINITY;
    }

    private static boolean isInteger(double order) {
        return order == Math.rint(order) && order <= 1 << 20;
    }

    /**
     * log A_alpha for an integer alpha, from A_alpha - 1 = sum_{k=2..alpha} C(alpha,k) q^k
     * (1-q)^(alpha-k) expm1((k^2-k)/(2 sigma^2)): the binomial weights sum to 1 and the k = 0, 1
     * terms vanish, so every remaining term is positive and log1p keeps full relative precision
     * even when A_alpha - 1 is 1e-20 (summing the weights themselves would lose it).
     */
    static double logAInteger(double q, double sigma, int alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoVariance = 2 * sigma * sigma;
        double logExcess = Double.NEGATIVE_INFINITY;
        double logBinomial = Math.log(alpha); // log C(alpha, 1), updated term by term: no log-gamma needed
        for (int k = 2; k <= alpha; k++) {
            logBinomial += Math.log(alpha - k + 1) - Math.log(k);
            double exponent = ((double) k * k - k) / twoVariance;
            double term = logBinomial + k * logQ + (alpha - k) * log1mQ + logExpm1(exponent);
            logExcess = LogMath.logAdd(logExcess, term);
        }
        return logExcess < 0 ? Math.log1p(Math.exp(logExcess)) : logExcess + Math.log1p(Math.exp(-logExcess));
    }

    /** log(exp(c) - 1) for c > 0, without overflow for large c. */
    private static double logExpm1(double c) {
        return c > 30 ? c + Math.log1p(-Math.exp(-c)) : Math.log(Math.expm1(c));
    }
}
