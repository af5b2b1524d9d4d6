package org.fedvae.simulations.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.fedvae.coordinator.enrol.ThrowawayFederation;
import org.fedvae.coordinator.federation.CoordinatorConfig;
import org.fedvae.coordinator.federation.FederationCoordinator;
import org.fedvae.coordinator.federation.FederationListener;
import org.fedvae.coordinator.federation.InVmAuthenticator;
import org.fedvae.coordinator.federation.RoundMetrics;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.coordinator.state.Checkpoint;
import org.fedvae.coordinator.state.CheckpointStore;
import org.fedvae.participant.federation.FederationParticipant;
import org.fedvae.participant.federation.ParticipantConfig;
import org.fedvae.participant.federation.ReconnectPolicy;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.transport.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator dies and a new one starts from the same state folder: the participants reconnect
 * on their own (backoff), round numbers continue, the next round trains from exactly the
 * checkpointed model, and the run finishes at its last round. Runs on the in-VM transport, as
 * the simulations do.
 */
@Timeout(300)
class CoordinatorRestartTest {

    private static final int SITES = 3;
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    private final Map<String, Ed25519KeyPair> identities = new TreeMap<>();
    private final List<X509Certificate> certificates = new ArrayList<>();
    private ThrowawayFederation fed;
    private final List<FederationParticipant> participants = new ArrayList<>();
    private ExecutorService training;
    private Endpoint endpoint;
    private Path state;
    private RoundPolicy policy;
    private ModelParameters initial;

    @BeforeEach
    void setUp() throws Exception {
        fed = ThrowawayFederation.create("Restart test CA");
        SecureRandom random = new SecureRandom();
        for (int i = 1; i <= SITES; i++) {
            Ed25519KeyPair kp = Ed25519KeyPair.generate(random);
            identities.put("site-" + i, kp);
            certificates.add(fed.issue("site-" + i, kp.publicKey()));
        }
        endpoint = new Endpoint.InVm("restart-" + System.nanoTime());
        state = tmp.resolve("state");
        policy = RoundPolicy.defaults(ROUNDS, SITES)
                .with(new RoundPolicy.Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(90)));
        initial = new Vae(VaeConfig.defaults(5)).parameters();
        training = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        participants.forEach(FederationParticipant::close);
        training.shutdownNow();
    }

    private FederationCoordinator coordinator(ModelParameters model, FederationListener listener) throws Exception {
        return FederationCoordinator.start(
                CoordinatorConfig.builder(endpoint, new InVmAuthenticator(certificates), policy)
                        .initialModel(model)
                        .stateDir(state)
                        .revocations(fed::revocationList)
                        .build(),
                listener);
    }

    private void startParticipants(Recorder rec, Recorder.StageHook hook) throws IOException {
        int index = 20;
        for (Map.Entry<String, Ed25519KeyPair> e : identities.entrySet()) {
            participants.add(FederationParticipant.start(
                    ParticipantConfig.builder(
                                    e.getKey(),
                                    e.getValue().privateKey(),
                                    endpoint,
                                    TestData.train(index, 64),
                                    TestData.test(index, 16))
                            .trainingExecutor(training)
                            .reconnect(new ReconnectPolicy(
                                    Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMinutes(2)))
                            .federationCa(fed.caCertificate())
                            .build(),
                    rec.participant(e.getKey(), hook)));
            index++;
        }
    }

    /** The second coordinator resumes with the checkpoint's model and runs the remaining rounds from {@code firstRound}. */
    private void resumeAndFinish(Checkpoint cp, Recorder participantEvents, long firstRound) throws Exception {
        Recorder second = new Recorder();
        // No initial model: everything comes from the state folder.
        try (FederationCoordinator b = coordinator(null, second)) {
            assertTrue(b.globalModel().bitEquals(cp.globalModel()));
            ModelParameters last = null;
            for (long round = firstRound; round <= ROUNDS; round++) {
                Recorder.Finished f = second.nextRound();
                assertEquals(round, f.metrics().roundId());
                assertTrue(f.metrics().completed(), f.metrics().toString());
                if (round == firstRound) {
                    List<Recorder.Started> starts = participantEvents.starts.stream()
                            .filter(s -> s.roundId() == firstRound)
                            .toList();
                    assertEquals(SITES, starts.size());
                    starts.forEach(s -> assertTrue(s.global().bitEquals(cp.globalModel()), s.participantId()));
                }
                last = f.model();
            }
            assertEquals((long) ROUNDS, b.finished().get(60, TimeUnit.SECONDS));
            for (FederationParticipant p : participants) {
                assertTrue(p.finished().get(60, TimeUnit.SECONDS).bitEquals(last));
            }
        }
        List<String> rows = Files.readAllLines(state.resolve("metrics.csv"));
        assertEquals(ROUNDS + 1, rows.size(), String.join("\n", rows));
        for (int r = 1; r <= ROUNDS; r++) {
            assertTrue(rows.get(r).startsWith(r + ","), rows.get(r));
        }
    }

    @Test
    void killedBetweenRoundsTheNextCoordinatorContinuesWithTheNextRound() throws Exception {
        Recorder first = new Recorder();
        AtomicReference<FederationCoordinator> a = new AtomicReference<>();
        // Killed the moment round 1 is checkpointed, before round 2 can start.
        a.set(coordinator(initial, new FederationListener() {
            @Override
            public void roundFinished(RoundMetrics metrics, ModelParameters globalModel) {
                first.roundFinished(metrics, globalModel);
                a.get().close();
            }
        }));
        startParticipants(first, Recorder.StageHook.NONE);
        Recorder.Finished round1 = first.nextRound();
        assertTrue(round1.metrics().completed());

        Checkpoint cp = new CheckpointStore(state).latest().orElseThrow();
        assertEquals(1, cp.completedRounds());
        assertTrue(cp.globalModel().bitEquals(round1.model()));
        assertFalse(cp.globalModel().bitEquals(initial));
        resumeAndFinish(cp, first, 2);
    }

    @Test
    void killedInTheMiddleOfARoundThatRoundIsUsedUpAndTheRunContinues() throws Exception {
        Recorder first = new Recorder();
        FederationCoordinator a = coordinator(initial, first);
        // Killed while round 2 is in progress (off the participant's thread: close() waits).
        startParticipants(first, (round, stage) -> {
            if (round == 2 && stage == SecAggStage.SHARE_KEYS) {
                CompletableFuture.runAsync(a::close);
            }
        });
        Recorder.Finished round1 = first.nextRound();
        assertTrue(
                a.finished().handle((r, e) -> e).get(60, TimeUnit.SECONDS) != null,
                "the first coordinator was not killed");
        Checkpoint cp = new CheckpointStore(state).latest().orElseThrow();
        assertEquals(1, cp.completedRounds());
        assertTrue(cp.globalModel().bitEquals(round1.model()));
        // Round 2 was announced before the crash: participants will not take part in it twice.
        resumeAndFinish(cp, first, 3);
        String row2 = Files.readAllLines(state.resolve("metrics.csv")).get(2);
        assertTrue(row2.endsWith(",INTERRUPTED") && row2.contains("the coordinator stopped during the round"), row2);
    }
}
