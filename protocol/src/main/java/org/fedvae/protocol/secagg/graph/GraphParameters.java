package org.fedvae.protocol.secagg.graph;

/**
 * Degree k (neighbours per participant, even) and per-neighbourhood threshold t of a SecAgg+ round: each participant
 * secret-shares its keys t-of-(k + 1) among its k neighbours and itself.
 */
public record GraphParameters(int degree, int threshold) {

    public GraphParameters {
        if (degree < 2 || degree % 2 != 0) {
            throw new IllegalArgumentException("a Harary graph degree is even and at least 2, got " + degree);
        }
        if (threshold < 2 || threshold > degree + 1) {
            throw new IllegalArgumentException("threshold " + threshold + " outside 2.." + (degree + 1));
        }
    }
}
