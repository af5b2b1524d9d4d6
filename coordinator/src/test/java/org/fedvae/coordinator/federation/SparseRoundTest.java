package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.graph.GraphParameters;
import org.fedvae.protocol.secagg.graph.GraphRule;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.TransportLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cohorts above 255 through the real coordinator and the in-VM transport: the SecAgg+ sparse graph. */
class SparseRoundTest {

    /** The smallest cohort with the sparse graph, and a few more: large enough, quick enough. */
    private static final int COHORT = 260;

    private static EventLoopGroup clients;

    @BeforeAll
    static void start() {
        clients = new Endpoint.InVm("unused").newEventLoopGroup(2, "sparse-clients");
    }

    @AfterAll
    static void stop() {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static RoundPolicy policy(int maxCohort) {
        return RoundPolicy.defaults(1, COHORT)
                .with(new RoundPolicy.Cohort(COHORT, 0, 1.0, 0, maxCohort))
                // Every member verifies every key-list signature: 260^2 of them on a shared machine.
                .with(new RoundPolicy.Deadlines(Duration.ofSeconds(600), Duration.ofSeconds(600)));
    }

    @Test
    void aCohortAbove255CompletesWithTheDefaultRulesSparseGraphAndTheExactSum() throws Exception {
        List<ScriptedParticipant> all = ScriptedFederation.honest(1, COHORT);
        RoundPolicy policy = policy(COHORT);
        // Two event loops serve all 260 members here, busy for minutes: heartbeats must not be due meanwhile.
        TransportLimits limits =
                TransportLimits.DEFAULTS.withMaxCohort(COHORT).withIdleTimeout(Duration.ofSeconds(600));
        try (ScriptedFederation fed = new ScriptedFederation(policy, all, limits)) {
            fed.connectAll(clients);
            ScriptedFederation.Finished f = fed.rounds.poll(900, TimeUnit.SECONDS);
            assertNotNull(f, "the round did not finish");
            ScriptedFederation.assertAggregateOf(f, fed.initial, all, COHORT, policy);
            RoundConfig announced = all.get(0).configByRound.get(1L);
            GraphParameters expected = GraphRule.DEFAULT.forCohort(COHORT).orElseThrow();
            assertTrue(announced.isSparse());
            assertEquals(expected.degree(), announced.graphDegree());
            assertEquals(expected.threshold(), announced.threshold());
            assertEquals(expected.threshold(), f.metrics().threshold());
        }
    }

    @Test
    void aCoordinatorWhoseTransportBoundsAreBelowItsLargestCohortRefusesToStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CoordinatorConfig.builder(
                        new Endpoint.InVm("never"), (ch, cert) -> null, policy(1_000))
                .limits(TransportLimits.DEFAULTS.withMaxCohort(500))
                .initialModel(ScriptedFederation.smallModel(1))
                .revocations(() -> new byte[0])
                .build());
        assertTrue(
                e.getMessage().contains("admit cohorts of up to 500 but the policy selects up to 1000"),
                e.getMessage());
    }

    @Test
    void aCohortAboveTheLargestIsRefusedNamingTheOption() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new RoundPolicy.Cohort(3, 1_001, 1.0, 0, 1_000));
        assertTrue(e.getMessage().contains("--max-cohort"), e.getMessage());
    }
}
