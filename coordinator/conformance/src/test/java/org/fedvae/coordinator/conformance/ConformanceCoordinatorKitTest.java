package org.fedvae.coordinator.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.fedvae.coordinator.enrol.AllowlistFile;
import org.fedvae.coordinator.enrol.CertificateAuthenticator;
import org.fedvae.coordinator.enrol.Enrolment;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.coordinator.federation.CoordinatorConfig;
import org.fedvae.coordinator.federation.FederationCoordinator;
import org.fedvae.coordinator.federation.FederationListener;
import org.fedvae.coordinator.federation.RevocationListSource;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.TlsContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our coordinator, over loopback TCP with mutual TLS and the real enrolment, against the
 * coordinator side of the kit: every check passes.
 */
@Timeout(120)
class ConformanceCoordinatorKitTest {

    static final List<String> IDS = List.of("kit-1", "kit-2", "kit-3", "kit-4");

    @TempDir
    Path tmp;

    @Test
    void ourCoordinatorPassesEveryCoordinatorCheck() throws Exception {
        FederationDirectory fed = enrol(tmp);
        // Eight round checks; disconnects are leaves, so no stage waits for a deadline.
        RoundPolicy policy = RoundPolicy.defaults(8, IDS.size())
                .with(new RoundPolicy.Deadlines(Duration.ofSeconds(10), Duration.ofSeconds(20)));
        CoordinatorConfig config = CoordinatorConfig.builder(
                        new Endpoint.Tcp("127.0.0.1", 0),
                        new CertificateAuthenticator(new AllowlistFile(fed.allowlist())),
                        policy)
                .tls(TlsContexts.server(fed.coordinator(), true))
                .initialModel(ConformanceParticipantKitTest.smallModel())
                .ioThreads(1)
                .revocations(RevocationListSource.file(fed.revocationList()))
                .build();
        List<CheckResult> results = new ArrayList<>();
        try (FederationCoordinator coordinator = FederationCoordinator.start(config, FederationListener.NONE);
                CoordinatorKit kit = new CoordinatorKit(
                        fed,
                        IDS,
                        "127.0.0.1",
                        ((Endpoint.Tcp) coordinator.endpoint()).port(),
                        "localhost",
                        Duration.ofSeconds(30))) {
            kit.runAll(results::add);
            coordinator.finished().get(30, TimeUnit.SECONDS);
        }
        String lines = results.stream().map(CheckResult::line).collect(Collectors.joining("\n"));
        System.out.println(lines);
        assertEquals(10, results.size(), lines);
        assertTrue(results.stream().allMatch(CheckResult::passed), lines);
    }

    @Test
    void aCoordinatorWithoutRefusalsOrThresholdFailsThoseChecks() throws Exception {
        assertEquals(
                expect(List.of(
                        "invalid-signature-rejected", "replayed-message-rejected", "below-threshold-nothing-unmasked")),
                runAgainst(EnumSet.of(
                        BrokenCoordinator.Breakage.NO_REFUSALS, BrokenCoordinator.Breakage.UNMASK_BELOW_THRESHOLD)));
    }

    @Test
    void aCoordinatorThatDropsTheAggregateFailsEveryCompletedRound() throws Exception {
        // The aborted round is the only one whose model must stay as it was.
        assertEquals(
                expect(List.of(
                        "full-round",
                        "dropout-after-advertise-keys",
                        "dropout-after-share-keys",
                        "dropout-after-masked-input",
                        "dropout-after-consistency-signature",
                        "invalid-signature-rejected",
                        "replayed-message-rejected")),
                runAgainst(EnumSet.of(BrokenCoordinator.Breakage.NO_AGGREGATE)));
    }

    /** Every check passes but {@code failing}. */
    private static Map<String, Boolean> expect(List<String> failing) {
        Map<String, Boolean> expected = new TreeMap<>();
        for (String c : List.of(
                "wrong-protocol-version-rejected",
                "oversized-frame-rejected",
                "full-round",
                "dropout-after-advertise-keys",
                "dropout-after-share-keys",
                "dropout-after-masked-input",
                "dropout-after-consistency-signature",
                "invalid-signature-rejected",
                "replayed-message-rejected",
                "below-threshold-nothing-unmasked")) {
            expected.put("coordinator." + c, !failing.contains(c));
        }
        return expected;
    }

    private Map<String, Boolean> runAgainst(Set<BrokenCoordinator.Breakage> breakage) throws Exception {
        FederationDirectory fed = enrol(tmp);
        Map<String, Boolean> passed = new TreeMap<>();
        StringBuilder lines = new StringBuilder();
        try (BrokenCoordinator broken = new BrokenCoordinator(
                        fed, ConformanceParticipantKitTest.smallModel(), IDS.size(), 8, breakage);
                CoordinatorKit kit =
                        new CoordinatorKit(fed, IDS, "127.0.0.1", broken.port(), "localhost", Duration.ofSeconds(30))) {
            kit.runAll(r -> {
                passed.put(r.check(), r.passed());
                lines.append(r.line()).append('\n');
            });
        }
        System.out.print(lines);
        return passed;
    }

    static FederationDirectory enrol(Path tmp) throws Exception {
        FederationDirectory fed = new FederationDirectory(tmp.resolve("federation"));
        Enrolment enrolment = new Enrolment(fed);
        enrolment.initCa("Kit test CA", 30, false);
        enrolment.coordinator("localhost", 30, false);
        for (String id : IDS) {
            enrolment.participant(id, 30, false);
        }
        return fed;
    }
}
