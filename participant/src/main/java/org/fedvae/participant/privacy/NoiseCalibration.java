package org.fedvae.participant.privacy;

/**
 * The inverse of the accountant: the smallest noise multiplier whose epsilon, over the default
 * orders, stays within a target. Epsilon falls as sigma grows, so a geometric search brackets the
 * answer and bisection on log(sigma) narrows it; the upper end of the bracket is returned, so the
 * answer always meets the target (it is above the true minimum by at most a factor 1 + 1e-9).
 */
final class NoiseCalibration {

    static final double MIN_SIGMA = 1e-3;
    static final double MAX_SIGMA = 1e6;
    private static final double RELATIVE_PRECISION = 1e-9;

    private NoiseCalibration() {}

    static double noiseMultiplier(double q, long steps, double delta, double targetEpsilon) {
        new Mechanism(q, 1, steps); // validates q and steps
        EpsilonConversion.checkDelta(delta);
        if (!(targetEpsilon > 0 && targetEpsilon < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("target epsilon must be positive and finite, got " + targetEpsilon);
        }
        if (q == 0 || steps == 0) {
            throw new IllegalArgumentException(
                    "with sampling rate 0 or 0 steps nothing is spent: every noise multiplier meets any target");
        }
        double hi = 1;
        while (!meets(q, hi, steps, delta, targetEpsilon)) {
            hi *= 2;
            if (hi > MAX_SIGMA) {
                throw new IllegalArgumentException("no noise multiplier up to " + MAX_SIGMA + " reaches epsilon "
                        + targetEpsilon + " at delta " + delta + " over " + steps + " steps");
            }
        }
        double lo = hi / 2;
        while (meets(q, lo, steps, delta, targetEpsilon)) {
            hi = lo;
            lo /= 2;
            if (lo < MIN_SIGMA) {
                throw new IllegalArgumentException("even a noise multiplier of " + MIN_SIGMA + " reaches epsilon "
                        + targetEpsilon + ": the target is too loose to calibrate against");
            }
        }
        while (hi / lo > 1 + RELATIVE_PRECISION) {
            double mid = Math.sqrt(lo * hi);
            if (meets(q, mid, steps, delta, targetEpsilon)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static boolean meets(double q, double sigma, long steps, double delta, double targetEpsilon) {
        return RdpAccountant.epsilon(q, sigma, steps, delta).epsilon() <= targetEpsilon;
    }
}
