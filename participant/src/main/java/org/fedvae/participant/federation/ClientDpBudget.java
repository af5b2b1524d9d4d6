package org.fedvae.participant.federation;

/**
 * A site's own client-level DP budget, set by its operator, never by the coordinator: the site's
 * whole contribution (all its data at once) is protected with (epsilon, delta) over every DP round
 * it takes part in. It takes part only in client-level DP rounds (with secure aggregation) whose
 * declared noise keeps its composed epsilon within the budget.
 *
 * @param assumedCorrupt how many cohort members the site assumes collude with the coordinator (they
 *     may withhold their noise share): a round's noise must count on at most threshold - k shares
 */
public record ClientDpBudget(double epsilon, double delta, int assumedCorrupt) {

    /** A budget that assumes no cohort member colludes with the coordinator. */
    public ClientDpBudget(double epsilon, double delta) {
        this(epsilon, delta, 0);
    }

    public ClientDpBudget {
        if (assumedCorrupt < 0) {
            throw new IllegalArgumentException("--client-dp-assume-corrupt must be at least 0, got " + assumedCorrupt);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("--client-dp-epsilon must be finite and > 0, got " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("--client-dp-delta must be in (0, 1), got " + delta);
        }
    }
}
