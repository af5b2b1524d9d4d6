package org.fedvae.protocol.secagg.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GraphParameterFinderTest {

    /**
     * Google's parameter finder's precomputed table (fcp/secagg/server/graph_parameter_finder_test.cc): the degree
     * must match and the threshold must not exceed the listed one. Our rule reproduces both exactly at every row.
     */
    static Stream<Arguments> published() {
        AdversaryClass honest = AdversaryClass.SEMI_HONEST;
        AdversaryClass active = AdversaryClass.ACTIVE;
        return Stream.of(
                // The reference points: 5% corrupted, 33% dropout, semi-honest.
                Arguments.of(1_000, 0.05, 0.33, honest, 72, 24),
                Arguments.of(10_000, 0.05, 0.33, honest, 86, 29),
                Arguments.of(10, 0.05, 0.33, honest, 4, 2),
                Arguments.of(100, 0.05, 0.33, honest, 28, 6),
                Arguments.of(100_000, 0.05, 0.33, honest, 96, 32),
                Arguments.of(100, 0.33, 0.33, honest, 68, 34),
                Arguments.of(1_000, 0.33, 0.33, honest, 286, 150),
                Arguments.of(10_000, 0.33, 0.33, honest, 422, 221),
                Arguments.of(1_000, 0.45, 0.45, honest, 822, 417),
                Arguments.of(1_000, 0.33, 0.05, honest, 78, 60),
                Arguments.of(10_000, 0.33, 0.05, honest, 92, 70),
                Arguments.of(100, 0.05, 0.33, active, 72, 39),
                Arguments.of(1_000, 0.05, 0.33, active, 398, 223),
                Arguments.of(10_000, 0.05, 0.33, active, 746, 420),
                Arguments.of(1_000, 0.3, 0.3, active, 872, 584),
                Arguments.of(1_000, 0.33, 0.05, active, 132, 109),
                Arguments.of(10_000, 0.33, 0.05, active, 178, 146));
    }

    @ParameterizedTest(name = "n={0} corrupted={1} dropout={2} {3} -> ({4}, {5})")
    @MethodSource("published")
    void reproducesThePublishedTable(
            int n, double corrupted, double dropout, AdversaryClass adversary, int degree, int threshold) {
        GraphParameters p = new GraphParameterFinder(n, corrupted, dropout, adversary)
                .find()
                .orElseThrow();
        assertEquals(new GraphParameters(degree, threshold), p);
    }

    /** The smallest passing degree: the even degree just below fails (so the search is not returning a loose k). */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("published")
    void theDegreeBelowFails(int n, double corrupted, double dropout, AdversaryClass adversary, int degree, int t) {
        GraphParameterFinder finder = new GraphParameterFinder(n, corrupted, dropout, adversary);
        if (degree > 2) {
            assertTrue(finder.thresholdFor(degree - 2).isEmpty(), "degree " + (degree - 2) + " passed");
        }
    }

    /** The two failure probabilities the rule promises, recomputed directly for the reference points. */
    @Test
    void referencePointsMeetTheirFailureBounds() {
        for (int n : new int[] {1_000, 10_000}) {
            GraphParameterFinder finder = new GraphParameterFinder(n, 0.05, 0.33, AdversaryClass.SEMI_HONEST);
            GraphParameters p = finder.find().orElseThrow();
            int corrupted = (int) Math.floor(0.05 * n + 1e-9);
            int survivors = (int) Math.ceil(0.67 * n - 1e-9);
            double perParticipantSecurity = new Hypergeometric(n, corrupted, p.degree()).survival(p.threshold() - 1);
            double perParticipantFailure = new Hypergeometric(n, survivors, p.degree()).cdf(p.threshold() - 1);
            assertTrue(n * perParticipantSecurity < Math.pow(2, -41), "P[t corrupted neighbours] too large");
            assertTrue(n * perParticipantFailure < Math.pow(2, -20), "P[fewer than t survivors] too large");
            assertTrue(finder.logProbabilityDisconnected(p.degree()) < -41 * Math.log(2));
        }
    }

    @Test
    void refusesInfeasibleRates() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new GraphParameterFinder(1_000, 0.5, 0.45, AdversaryClass.SEMI_HONEST));
        assertThrows(
                IllegalArgumentException.class,
                () -> new GraphParameterFinder(1_000, 0.3, 0.31, AdversaryClass.ACTIVE));
    }
}
