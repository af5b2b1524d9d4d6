package org.fedvae.participant.federation;

/**
 * A site's own client-level DP budget, set by its operator, never by the coordinator: the site's
 * whole contribution (all its data at once) is protected with (epsilon, delta) over every DP round
 * it takes part in. It takes part only in client-level DP rounds (with secure aggregation) whose
 * declared noise keeps its composed epsilon within the budget.
 */
public record ClientDpBudget(double epsilon, double delta) {

    public ClientDpBudget {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("--client-dp-epsilon must be finite and > 0, got " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("--client-dp-delta must be in (0, 1), got " + delta);
        }
    }
}
