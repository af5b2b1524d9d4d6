package org.fedvae.protocol.secagg.graph;

import java.util.Optional;

/**
 * The parameter rule of SecAgg+ (Bell, Bonawitz, Gascon, Lepoint, Raykova, CCS 2020, section 4, as implemented by
 * Google's graph parameter finder): the smallest even degree k, and a threshold t for it, such that with n
 * participants of which at most a fraction {@code corrupted} collude with the coordinator and at most a fraction
 * {@code dropout} drop out, on a Harary graph laid on a uniformly random permutation:
 *
 * <ul>
 *   <li><b>security</b>, failure below 2^-40, split evenly over two events (2^-41 each): (a) the honest survivors stay
 *       connected (otherwise a sum over a component leaks), bounded by a union over the pairs of k/2-long runs of bad
 *       participants on the ring; (b) no participant has t or more corrupted neighbours, each participant's
 *       probability below 2^-41 / n (union over the n participants; neighbour counts are hypergeometric);
 *   <li><b>correctness</b>, failure below 2^-20: no participant has fewer than t surviving neighbours, each below
 *       2^-20 / n.
 * </ul>
 *
 * Against an {@link AdversaryClass#ACTIVE} coordinator the threshold also satisfies 2t > k + a where a bounds the
 * corrupted neighbours (Google's "semi-malicious" adjustment). Counts of bad participants round the rates with
 * {@code floor(rate · n + 1e-14 · n)} so that a rate like 0.33 is not rounded in the insecure direction.
 */
public final class GraphParameterFinder {

    private static final double SECURITY_BITS_PER_EVENT = 41;
    private static final double CORRECTNESS_BITS = 20;
    private static final double ROUNDING_SLACK = 1e-14;

    private final int n;
    private final double corrupted;
    private final double dropout;
    private final AdversaryClass adversary;

    public GraphParameterFinder(int n, double corrupted, double dropout, AdversaryClass adversary) {
        if (n < 3 || n > 1_000_000) {
            throw new IllegalArgumentException("cohort size " + n + " outside 3..1000000");
        }
        if (!(corrupted >= 0 && corrupted < 1 && dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("rates must lie in [0, 1), got " + corrupted + " and " + dropout);
        }
        double load = adversary == AdversaryClass.ACTIVE ? corrupted + 2 * dropout : corrupted + dropout;
        if (load > 0.9) {
            throw new IllegalArgumentException("no secure parameters exist beyond corrupted + dropout"
                    + (adversary == AdversaryClass.ACTIVE ? " x 2" : "") + " = 0.9, got " + load);
        }
        this.n = n;
        this.corrupted = corrupted;
        this.dropout = dropout;
        this.adversary = adversary;
    }

    /** The smallest even degree below n - 1 that passes, with its threshold; empty if none does. */
    public Optional<GraphParameters> find() {
        for (int k = 2; k < n - 1; k += 2) {
            Optional<Integer> t = thresholdFor(k);
            if (t.isPresent()) {
                return Optional.of(new GraphParameters(k, t.get()));
            }
        }
        return Optional.empty();
    }

    /** The threshold that makes degree k secure and correct, or empty if none does. */
    Optional<Integer> thresholdFor(int k) {
        double securityLog = -SECURITY_BITS_PER_EVENT * Math.log(2);
        if (logProbabilityDisconnected(k) >= securityLog) {
            return Optional.empty();
        }
        int maxCorrupted = atMost(corrupted);
        int minSurvivors = (int) Math.ceil((1 - dropout - ROUNDING_SLACK) * n);
        // Largest count of corrupted neighbours that is not negligible: t must exceed it.
        int t1 = new Hypergeometric(n, maxCorrupted, k).upperQuantile(Math.pow(2, -SECURITY_BITS_PER_EVENT) / n);
        // Fewer surviving neighbours than t2 happens with probability below 2^-20 / n: t may be at most t2.
        int t2 = new Hypergeometric(n, minSurvivors, k).lowerQuantile(Math.pow(2, -CORRECTNESS_BITS) / n);
        if (adversary == AdversaryClass.ACTIVE) {
            t1 = (int) Math.ceil((t1 + k - 1.25) / 2);
        }
        if (t2 <= t1) {
            return Optional.empty();
        }
        return Optional.of(Math.max(t1 + 1, 2));
    }

    /**
     * ln of a union bound on the honest survivors falling apart: that needs two disjoint runs of k/2 consecutive bad
     * participants on the permuted ring; there are n (n - k - 1) / 2 such pairs, each all bad with probability
     * B! (n - k)! / ((B - k)! n!) for B bad participants.
     */
    double logProbabilityDisconnected(int k) {
        int bad = atMost(corrupted) + atMost(dropout);
        if (k > bad) {
            return Double.NEGATIVE_INFINITY;
        }
        double pairs = Math.log(n) + Math.log(n - k - 1) - Math.log(2);
        return pairs + LogFactorial.of(bad) + LogFactorial.of(n - k) - LogFactorial.of(n) - LogFactorial.of(bad - k);
    }

    private int atMost(double rate) {
        return (int) Math.floor((rate + ROUNDING_SLACK) * n);
    }
}
