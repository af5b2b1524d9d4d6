package org.fedvae.coordinator.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit's SecAgg+ checks alone (cohorts of 256): a participant built from the real protocol pieces passes them;
 * with one of its sparse-graph duties left out, exactly the check of that duty fails.
 */
@Timeout(120)
class ConformanceParticipantSparseKitTest {

    private static final List<String> SPARSE = List.of(
            ParticipantSparseChecks.INSECURE_GRAPH,
            ParticipantSparseChecks.SHARES_TO_NEIGHBOURS,
            ParticipantSparseChecks.FORGED_NEIGHBOUR);

    @TempDir
    Path tmp;

    @Test
    void anHonestParticipantPassesTheSparseChecks() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.NONE);
        assertEquals(Set.copyOf(SPARSE), results.keySet());
        assertEquals(Set.of(), ConformanceParticipantKitTest.failures(results), results.toString());
    }

    @Test
    void aParticipantWithoutTheParameterRuleFailsExactlyTheInsecureGraphCheck() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.IGNORES_GRAPH_RULE);
        assertEquals(
                Set.of(ParticipantSparseChecks.INSECURE_GRAPH),
                ConformanceParticipantKitTest.failures(results),
                results.toString());
        // Only the rule's part is skipped: the structural 2t > k + 1 still holds, so the kit names the degree.
        String line = results.get(ParticipantSparseChecks.INSECURE_GRAPH).line();
        assertTrue(line.contains("advertised keys") && line.contains("degree 46, below the rule's 48"), line);
    }

    @Test
    void aParticipantIgnoringABadNeighbourSignatureFailsExactlyTheForgedNeighbourCheck() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.IGNORES_MACHINE_CHECKS);
        assertEquals(
                Set.of(ParticipantSparseChecks.FORGED_NEIGHBOUR),
                ConformanceParticipantKitTest.failures(results),
                results.toString());
        String line = results.get(ParticipantSparseChecks.FORGED_NEIGHBOUR).line();
        assertTrue(line.contains("it sent ShareKeys after"), line);
    }

    @Test
    void aParticipantDealingToANonNeighbourFailsExactlyTheNeighboursCheck() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.DEALS_TO_A_NON_NEIGHBOUR);
        assertEquals(
                Set.of(ParticipantSparseChecks.SHARES_TO_NEIGHBOURS),
                ConformanceParticipantKitTest.failures(results),
                results.toString());
        String line = results.get(ParticipantSparseChecks.SHARES_TO_NEIGHBOURS).line();
        assertTrue(line.contains("ciphertexts") && line.contains("missing []"), line);
    }

    @Test
    void aParticipantStayingOutOfCohortsOf256FailsTheSparseChecksNamingItsCohortBound() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.COMPLETE_GRAPH_ONLY);
        assertEquals(Set.copyOf(SPARSE), ConformanceParticipantKitTest.failures(results), results.toString());
        for (CheckResult r : results.values()) {
            assertTrue(r.line().contains("closed the connection") && r.line().contains("--max-cohort 256"), r.line());
        }
    }

    private Map<String, CheckResult> run(KitTestParticipant.Flaw flaw) throws Exception {
        return ConformanceParticipantKitTest.run(tmp, flaw, 0, SPARSE);
    }
}
