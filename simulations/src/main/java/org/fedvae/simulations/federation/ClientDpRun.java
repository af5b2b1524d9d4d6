package org.fedvae.simulations.federation;

import org.fedvae.coordinator.federation.ClientDpPolicy;
import org.fedvae.participant.federation.ClientDpBudget;
import org.fedvae.participant.privacy.ClientDpCalibration;

/**
 * Client-level DP in a simulation: every site's own budget (the same for all) and the clip the
 * coordinator declares; the coordinator's noise is calibrated so that the run's rounds spend the
 * sites' budget exactly (what an operator would do; each site still checks every round).
 *
 * @param budget every site's client-level budget
 * @param clip   the L2 clip of each site's delta
 */
public record ClientDpRun(ClientDpBudget budget, double clip) {

    public ClientDpRun {
        if (!(clip > 0 && clip < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--client-dp-clip must be positive and finite, got " + clip);
        }
    }

    /**
     * The coordinator's setting: the smallest noise for which {@code rounds} rounds with
     * {@code threshold} counted contributors out of a cohort of {@code cohortSize} spend the budget.
     */
    public ClientDpPolicy policy(int dimension, int cohortSize, int threshold, int rounds) {
        double sigma = ClientDpCalibration.plan(
                        dimension, clip, threshold, cohortSize, rounds, budget.delta(), budget.epsilon())
                .noiseStddev();
        return new ClientDpPolicy(clip, sigma);
    }
}
