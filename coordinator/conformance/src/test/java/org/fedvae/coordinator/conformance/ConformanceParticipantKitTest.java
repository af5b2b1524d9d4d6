package org.fedvae.coordinator.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.fedvae.coordinator.enrol.Enrolment;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;
import org.fedvae.protocol.transport.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The participant side of the kit against a participant built from the real protocol pieces:
 * honest, it passes every check; with one of its checks left out ({@link KitTestParticipant.Flaw}),
 * exactly the kit's checks of that fail.
 */
@Timeout(120)
class ConformanceParticipantKitTest {

    @TempDir
    Path tmp;

    private static final String RANDOMNESS = "participant.training-randomness-not-steerable";

    @Test
    void anHonestParticipantPassesEveryCheck() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.NONE);
        assertEquals(17, results.size(), results.toString());
        assertEquals(Set.of(), failures(results));
        CheckResult.Measure m = results.get(RANDOMNESS).measure();
        // Fresh randomness: two independent updates, about sqrt(2) apart relative to one's norm.
        assertTrue(m.value() > 100 * m.threshold(), m.toString());
    }

    @Test
    void aParticipantSkippingTheCohortCheckFailsExactlyTheCohortChecks() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.SKIPS_COHORT_CHECK);
        assertEquals(17, results.size(), results.toString());
        assertEquals(
                Set.of("participant.fabricated-member-refused", "participant.old-revocation-list-refused"),
                failures(results));
    }

    @Test
    void aParticipantIgnoringItsSecurityChecksFailsThem() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.IGNORES_MACHINE_CHECKS);
        assertEquals(17, results.size(), results.toString());
        assertEquals(
                Set.of(
                        "participant.invalid-signature-rejected",
                        "participant.inconsistent-survivor-set-aborted",
                        "participant.refuses-to-reveal-both-shares",
                        ParticipantSparseChecks.FORGED_NEIGHBOUR),
                failures(results));
    }

    @Test
    void aParticipantTrainingFromThePlanSeedFailsExactlyTheRandomnessCheck() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.STEERABLE_TRAINING);
        assertEquals(17, results.size(), results.toString());
        assertEquals(Set.of(RANDOMNESS), failures(results));
        CheckResult.Measure m = results.get(RANDOMNESS).measure();
        // Only its stochastic rounding differs: steps of 1 / (20 * 2^13) against coordinates of about 0.01.
        assertTrue(m.value() > 0 && m.value() < m.threshold() / 10, m.toString());
        assertTrue(
                results.get(RANDOMNESS).line().contains("relative difference"),
                results.get(RANDOMNESS).line());
    }

    @Test
    void aParticipantWithoutARoundLedgerFailsExactlyTheReusedRoundIdCheck() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.REUSES_ROUND_IDS);
        assertEquals(17, results.size(), results.toString());
        assertEquals(Set.of("participant.reused-round-id-refused"), failures(results));
    }

    @Test
    void aParticipantIgnoringClientDpDeclarationsFailsExactlyTheClientDpChecks() throws Exception {
        Map<String, CheckResult> results = run(KitTestParticipant.Flaw.IGNORES_CLIENT_DP);
        assertEquals(17, results.size(), results.toString());
        assertEquals(
                Set.of(
                        ParticipantClientDpChecks.UNMASKED,
                        ParticipantClientDpChecks.ABOVE_THRESHOLD,
                        ParticipantClientDpChecks.DIGEST_MISMATCH),
                failures(results));
    }

    @Test
    void aSiteWithAClientDpBudgetPassesTheClientDpChecksAndOneIgnoringThemFailsAll() throws Exception {
        Map<String, CheckResult> honest = run(KitTestParticipant.Flaw.NONE, 0.5);
        assertEquals(4, honest.size(), honest.toString());
        assertEquals(Set.of(), failures(honest));
        Map<String, CheckResult> flawed = run(KitTestParticipant.Flaw.IGNORES_CLIENT_DP, 0.5);
        assertEquals(honest.keySet(), failures(flawed));
    }

    static Set<String> failures(Map<String, CheckResult> results) {
        return results.values().stream()
                .filter(r -> !r.passed())
                .map(CheckResult::check)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Map<String, CheckResult> run(KitTestParticipant.Flaw flaw) throws Exception {
        return run(flaw, 0);
    }

    /** @param minNoiseMultiplier the test participant's client-level budget (0: none, and the full kit runs) */
    private Map<String, CheckResult> run(KitTestParticipant.Flaw flaw, double minNoiseMultiplier) throws Exception {
        return run(tmp, flaw, minNoiseMultiplier, null);
    }

    /**
     * Runs the kit against a {@link KitTestParticipant} with {@code flaw} in a fresh federation under {@code tmp}.
     *
     * @param only the checks to run, in order, or null for every check ({@link ParticipantKit#runAll})
     */
    static Map<String, CheckResult> run(
            Path tmp, KitTestParticipant.Flaw flaw, double minNoiseMultiplier, List<String> only) throws Exception {
        FederationDirectory fed = new FederationDirectory(tmp.resolve("federation-" + flaw + "-" + minNoiseMultiplier));
        Enrolment enrolment = new Enrolment(fed);
        enrolment.initCa("Kit test CA", 30, false);
        enrolment.coordinator("localhost", 30, false);
        enrolment.participant("site-1", 30, false);
        Map<String, CheckResult> results = new TreeMap<>();
        StringBuilder lines = new StringBuilder();
        EventLoopGroup group = new Endpoint.Tcp("127.0.0.1", 1).newEventLoopGroup(1, "kit-test-participant");
        try (ParticipantKit.KitServerHandle kit = ParticipantKit.listen(fed, "127.0.0.1", 0);
                KitTestParticipant site =
                        new KitTestParticipant(fed, "site-1", kit.port(), group, flaw, minNoiseMultiplier)) {
            ParticipantKit k = minNoiseMultiplier > 0
                    ? kit.clientDpKit(smallModel(), Duration.ofSeconds(30), 1)
                    : kit.kit(smallModel(), Duration.ofSeconds(30), 1);
            Consumer<CheckResult> report = r -> {
                results.put(r.check(), r);
                lines.append(r.line()).append('\n');
            };
            if (only == null) {
                k.runAll(report);
            } else {
                only.forEach(check -> report.accept(k.run(check)));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        System.out.print(lines);
        return results;
    }

    static ModelParameters smallModel() {
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i);
        }
        return ModelParameters.of(new ModelSpec(List.of(new TensorSpec("w", new int[] {v.length}))), v);
    }
}
