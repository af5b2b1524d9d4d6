package org.fedvae.participant.privacy;

import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.encoding.ddp.DdpPlanner;

/**
 * The inverse of the client-level accountant: the smallest central noise stddev sigma (model
 * units) whose planned parameters ({@link DdpPlanner}: scale from the modular-clipping bound) give
 * at most {@code targetEpsilon} over {@code rounds} rounds. Bisection on log(sigma); the returned
 * parameters always meet the target (checked, not assumed: the scale the planner picks moves in
 * powers of two, so epsilon is not perfectly monotone in sigma).
 */
public final class ClientDpCalibration {

    private static final double MIN_SIGMA_OVER_CLIP = 1e-3;
    private static final double MAX_SIGMA_OVER_CLIP = 1e4;

    private ClientDpCalibration() {}

    public static DdpParameters plan(
            int dimension,
            double clip,
            int minContributors,
            int maxParticipants,
            long rounds,
            double delta,
            double targetEpsilon) {
        if (!(targetEpsilon > 0 && targetEpsilon < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("target epsilon must be positive and finite, got " + targetEpsilon);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("plan at least one round, got " + rounds);
        }
        double lo = MIN_SIGMA_OVER_CLIP * clip;
        double hi = MAX_SIGMA_OVER_CLIP * clip;
        DdpParameters best = candidate(dimension, clip, hi, minContributors, maxParticipants);
        if (epsilon(best, rounds, delta) > targetEpsilon) {
            throw new IllegalArgumentException("even noise " + hi + " (" + MAX_SIGMA_OVER_CLIP
                    + " times the clip) gives more than epsilon " + targetEpsilon + " over " + rounds + " rounds");
        }
        while (hi / lo > 1 + 1e-6) {
            double mid = Math.sqrt(lo * hi);
            DdpParameters p = candidate(dimension, clip, mid, minContributors, maxParticipants);
            if (epsilon(p, rounds, delta) <= targetEpsilon) {
                hi = mid;
                best = p;
            } else {
                lo = mid;
            }
        }
        return best;
    }

    /** The epsilon of {@code rounds} rounds with these parameters at {@code delta}. */
    public static double epsilon(DdpParameters params, long rounds, double delta) {
        return DistributedDiscreteGaussian.of(params, rounds).epsilon(delta).epsilon();
    }

    private static DdpParameters candidate(
            int dimension, double clip, double sigma, int minContributors, int maxParticipants) {
        return DdpPlanner.plan(
                dimension, clip, sigma, minContributors, maxParticipants, DdpPlanner.DEFAULT_CLIPPING_PROBABILITY);
    }
}
