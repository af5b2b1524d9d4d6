package org.fedvae.protocol.secagg.graph;

import java.util.Optional;

/**
 * Which graph a round of n participants uses. Up to {@link #COMPLETE_GRAPH_MAX_COHORT} the complete graph: the
 * original protocol, unchanged, where everyone masks against everyone (at most 254 masks, which the benchmarks show is
 * cheap). Above it the Harary graph with the degree and threshold of {@link GraphParameterFinder} for the assumed
 * corrupted fraction, tolerated dropout rate and adversary class.
 *
 * <p>The defaults assume what docs/SECURITY.md does, a coordinator that may deviate ({@link AdversaryClass#ACTIVE}),
 * with 5% of the cohort colluding with it and at most 10% dropping out: n = 1,000 gives degree 78, threshold 52;
 * n = 10,000 gives 96, 64. Shamir shares live in GF(2^8), so a neighbourhood (degree + 1 holders) is at most 255
 * members; rates that need more are refused rather than silently weakened.
 */
public record GraphRule(double corrupted, double dropout, AdversaryClass adversary) implements GraphPolicy {

    /** The largest cohort that keeps the complete graph; also the largest the complete graph supports. */
    public static final int COMPLETE_GRAPH_MAX_COHORT = 255;

    /** Largest degree: its neighbourhood of degree + 1 holders needs distinct nonzero x in GF(2^8). */
    public static final int MAX_DEGREE = 254;

    public static final GraphRule DEFAULT = new GraphRule(0.05, 0.1, AdversaryClass.ACTIVE);

    public GraphRule {
        if (adversary == null) {
            throw new IllegalArgumentException("adversary class missing");
        }
    }

    /**
     * The sparse graph's parameters for a cohort of n, or empty for the complete graph.
     *
     * @throws IllegalArgumentException if the rates need a neighbourhood larger than GF(2^8) can share among
     */
    public Optional<GraphParameters> forCohort(int n) {
        if (n <= COMPLETE_GRAPH_MAX_COHORT) {
            return Optional.empty();
        }
        GraphParameters p = new GraphParameterFinder(n, corrupted, dropout, adversary)
                .find()
                .orElseThrow(() -> new IllegalArgumentException("no secure degree exists for " + n + " participants at "
                        + corrupted + " corrupted and " + dropout + " dropout"));
        if (p.degree() > MAX_DEGREE) {
            throw new IllegalArgumentException(n + " participants at " + corrupted + " corrupted and " + dropout
                    + " dropout (" + adversary + ") need degree " + p.degree() + ", above the " + MAX_DEGREE
                    + " that shares in GF(2^8) allow");
        }
        return Optional.of(p);
    }

    /**
     * A configured sparse graph passes if the cohort is too large for the complete graph and the degree is one this
     * rule finds secure, with at least the threshold it asks for at that degree (a larger degree than the smallest is
     * fine: it only costs time).
     */
    @Override
    public void check(int n, int degree, int threshold) {
        if (n <= COMPLETE_GRAPH_MAX_COHORT) {
            throw new IllegalArgumentException("a cohort of " + n
                    + " uses the complete graph (the sparse graph starts above " + COMPLETE_GRAPH_MAX_COHORT + ")");
        }
        int least = new GraphParameterFinder(n, corrupted, dropout, adversary)
                .thresholdFor(degree)
                .orElseThrow(() -> new IllegalArgumentException("degree " + degree + " is not secure for " + n
                        + " participants at " + corrupted + " corrupted and " + dropout + " dropout (" + adversary
                        + "); the smallest that is: "
                        + forCohort(n).map(GraphParameters::degree).orElse(-1)));
        if (threshold < least) {
            throw new IllegalArgumentException("threshold " + threshold + " at degree " + degree + " is below the "
                    + least + " needed for " + n + " participants at " + corrupted + " corrupted (" + adversary + ")");
        }
    }
}
