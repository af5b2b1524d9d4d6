package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.secagg.graph.GraphPolicy;
import org.fedvae.protocol.secagg.graph.GraphRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sparse graph's configuration rules (PROTOCOL.md 3.1) and the session graph both sides derive from it. */
class SparseRoundConfigTest {

    private static final EncodingConfig LARGE = new EncodingConfig(1.0f, 8, 10, 10_000);

    private static Map<Integer, byte[]> cohort(int n) {
        Map<Integer, byte[]> keys = new TreeMap<>();
        for (int i = 1; i <= n; i++) {
            keys.put(10 * i, new byte[32]);
        }
        return keys;
    }

    private static RoundConfig sparse(int n, int k, int t, GraphPolicy policy) throws SecAggViolation {
        return RoundConfig.sparse(1, k, t, 10, LARGE, cohort(n), policy);
    }

    private static void refused(int n, int k, int t, GraphPolicy policy) {
        SecAggViolation v = assertThrows(SecAggViolation.class, () -> sparse(n, k, t, policy));
        assertEquals(SecAggAbortReason.INVALID_CONFIG, v.reason());
    }

    @Test
    void theDefaultRulesParametersAreAccepted() throws SecAggViolation {
        RoundConfig c = sparse(1_000, 78, 52, GraphRule.DEFAULT);
        assertTrue(c.isSparse());
        assertEquals(78, c.graphDegree());
        // A larger degree than the smallest secure one only costs time.
        sparse(1_000, 100, 64, GraphRule.DEFAULT);
    }

    @ParameterizedTest(name = "n={0} k={1} t={2}")
    @CsvSource({
        "1000, 77, 52", // odd degree
        "1000, 0, 52", // (complete graph: n above 255)
        "1000, 256, 200", // neighbourhood beyond GF(2^8)
        "40, 40, 30", // degree not below n - 1
        "1000, 78, 39", // 2t <= k + 1: two halves of a neighbourhood could disagree
        "1000, 78, 80", // t > k + 1
        "1000, 20, 15", // a degree the rule finds insecure
        "1000, 78, 51", // below the rule's threshold at this degree
        "200, 78, 52", // a small cohort keeps the complete graph
        "1000, 72, 24" // the semi-honest reference point: fails 2t > k + 1
    })
    void participantsRefuse(int n, int k, int t) {
        if (k == 0) {
            SecAggViolation v = assertThrows(SecAggViolation.class, () -> RoundConfig.of(1, t, 10, LARGE, cohort(n)));
            assertEquals(SecAggAbortReason.INVALID_CONFIG, v.reason());
        } else {
            refused(n, k, t, GraphRule.DEFAULT);
        }
    }

    @Test
    void structureIsCheckedWhateverThePolicy() {
        refused(40, 7, 5, GraphPolicy.STRUCTURE_ONLY);
        refused(40, 8, 4, GraphPolicy.STRUCTURE_ONLY);
        refused(2, 2, 2, GraphPolicy.STRUCTURE_ONLY);
    }

    @Test
    void theDegreeIsInTheDigestOnlyWhenSparse() throws SecAggViolation {
        RoundConfig complete = RoundConfig.of(1, 7, 10, Cohort.ENCODING, cohort(10));
        RoundConfig a = RoundConfig.sparse(1, 4, 4, 10, Cohort.ENCODING, cohort(10), GraphPolicy.STRUCTURE_ONLY);
        RoundConfig b = RoundConfig.sparse(1, 6, 4, 10, Cohort.ENCODING, cohort(10), GraphPolicy.STRUCTURE_ONLY);
        assertFalse(java.util.Arrays.equals(a.digest(), b.digest()));
        assertFalse(java.util.Arrays.equals(complete.digest(), a.digest()));
        assertEquals(0, complete.toProto().getGraphDegree());
    }

    @Test
    void completeGraphSharesAtCohortRanksWithEveryone() throws SecAggViolation {
        RoundConfig c = RoundConfig.of(1, 7, 10, Cohort.ENCODING, cohort(10));
        TreeSet<Integer> u1 = new TreeSet<>(c.cohortIds());
        u1.remove(30);
        SessionGraph g = SessionGraph.of(c, u1, new byte[32]);
        assertFalse(g.isSparse());
        assertEquals(u1, g.neighbourhood(10));
        assertEquals(10, g.shareCount(10));
        assertEquals(c.shareIndex(40), g.shareIndex(10, 40));
    }

    @Test
    void sparseGraphSharesAtNeighbourhoodRanks() throws SecAggViolation {
        RoundConfig c = RoundConfig.sparse(1, 4, 4, 10, Cohort.ENCODING, cohort(20), GraphPolicy.STRUCTURE_ONLY);
        SessionGraph g = SessionGraph.of(c, new TreeSet<>(c.cohortIds()), new byte[32]);
        assertTrue(g.isSparse());
        for (int u : c.cohortIds()) {
            var hood = g.neighbourhood(u);
            assertEquals(5, hood.size());
            assertEquals(5, g.shareCount(u));
            int[] indices = hood.stream().mapToInt(v -> g.shareIndex(u, v)).toArray();
            assertArrayEquals(new int[] {1, 2, 3, 4, 5}, indices);
            for (int v : hood) {
                assertEquals(v != u, g.areNeighbours(u, v));
                assertTrue(g.neighbourhood(v).contains(u), "asymmetric");
            }
        }
    }
}
