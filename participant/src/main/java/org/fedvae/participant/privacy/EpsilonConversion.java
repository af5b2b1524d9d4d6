package org.fedvae.participant.privacy;

/**
 * From Renyi DP to (epsilon, delta): at each order a with RDP r, the tight conversion of Balle et
 * al. 2020 (Proposition 12; also Asoodeh et al. 2020) eps = r + log1p(-1/a) - log(delta a)/(a - 1),
 * then the smallest over the orders. The edge cases follow dp_accounting's {@code
 * compute_epsilon}: a negative r (only rounding produces one) counts as 0; when delta^2 >
 * 1 - exp(-r) the KL bound delta <= sqrt(1 - exp(-KL)) already gives epsilon 0; orders up to 1.01
 * give +infinity (the bound is unstable there and useless anyway).
 */
final class EpsilonConversion {

    private EpsilonConversion() {}

    static PrivacySpent epsilon(double[] orders, double[] rdp, double delta) {
        checkDelta(delta);
        if (orders.length != rdp.length) {
            throw new IllegalArgumentException(
                    "orders and rdp differ in length: " + orders.length + " and " + rdp.length);
        }
        if (orders.length == 0) {
            throw new IllegalArgumentException("at least one Renyi order is needed");
        }
        int best = 0;
        double bestEpsilon = Double.POSITIVE_INFINITY;
        for (int i = 0; i < orders.length; i++) {
            double e = atOrder(orders[i], rdp[i], delta);
            if (e < bestEpsilon) {
                bestEpsilon = e;
                best = i;
            }
        }
        return new PrivacySpent(Math.max(0, bestEpsilon), orders[best]);
    }

    private static double atOrder(double a, double r, double delta) {
        if (!(a >= 1)) {
            throw new IllegalArgumentException("Renyi orders must be at least 1, got " + a);
        }
        if (Double.isNaN(r)) {
            throw new IllegalArgumentException("RDP at order " + a + " is NaN");
        }
        if (r < 0) {
            return 0;
        }
        if (delta * delta + Math.expm1(-r) > 0) {
            return 0;
        }
        if (a > 1.01) {
            return r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
        }
        return Double.POSITIVE_INFINITY;
    }

    /** @throws IllegalArgumentException unless 0 < delta < 1 */
    static void checkDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
    }
}
