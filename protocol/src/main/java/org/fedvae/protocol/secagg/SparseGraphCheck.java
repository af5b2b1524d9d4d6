package org.fedvae.protocol.secagg;

import org.fedvae.protocol.secagg.graph.GraphPolicy;
import org.fedvae.protocol.secagg.graph.GraphRule;

/**
 * The rules for a sparse-graph configuration (PROTOCOL.md 3.1): the structure every SecAgg+ round needs, then the
 * participant's {@link GraphPolicy} on the degree and threshold the coordinator chose.
 */
final class SparseGraphCheck {

    private SparseGraphCheck() {}

    static void check(int n, int degree, int t, GraphPolicy policy) throws SecAggViolation {
        if (n < 3 || n > RoundConfig.MAX_SPARSE_COHORT) {
            throw RoundConfig.invalid("cohort has " + n + " participants, supported with the sparse graph are 3.."
                    + RoundConfig.MAX_SPARSE_COHORT);
        }
        if (degree < 2 || degree % 2 != 0 || degree > GraphRule.MAX_DEGREE || degree >= n - 1) {
            throw RoundConfig.invalid("graph degree " + Integer.toUnsignedString(degree) + " must be even, in 2.."
                    + GraphRule.MAX_DEGREE + " and below n - 1 = " + (n - 1));
        }
        // 2t > k + 1: two disjoint halves of one neighbourhood cannot both reach t, as 2t > n for the complete graph.
        if (t < 2 || t > degree + 1 || 2 * t <= degree + 1) {
            throw RoundConfig.invalid("threshold " + Integer.toUnsignedString(t) + " for neighbourhoods of "
                    + (degree + 1) + " must satisfy (k + 1)/2 < t <= k + 1 and t >= 2");
        }
        try {
            policy.check(n, degree, t);
        } catch (IllegalArgumentException e) {
            throw RoundConfig.invalid(e.getMessage());
        }
    }
}
