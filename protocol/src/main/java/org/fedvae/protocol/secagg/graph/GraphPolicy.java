package org.fedvae.protocol.secagg.graph;

/**
 * Whether a participant accepts the sparse graph a coordinator configured. The coordinator picks the degree and the
 * threshold, so a participant checks them against its own assumptions: a coordinator that may deviate would otherwise
 * pick a degree of 2 and learn an input from two colluding neighbours.
 */
@FunctionalInterface
public interface GraphPolicy {

    /**
     * Accepts nothing but the structure: for tests of the protocol's mechanics on small cohorts, never for a round
     * with real data.
     */
    GraphPolicy STRUCTURE_ONLY = (n, degree, threshold) -> {};

    /** @throws IllegalArgumentException naming why a cohort of n must not run with this degree and threshold */
    void check(int n, int degree, int threshold);
}
