package org.fedvae.simulations.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.federation.CoordinatorConfig;
import org.fedvae.coordinator.federation.FederationCoordinator;
import org.fedvae.coordinator.federation.InVmAuthenticator;
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
import org.fedvae.protocol.transport.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator dies after round 1 and a new one starts from the same state folder: the
 * participants reconnect on their own (backoff), round numbers continue at 2, round 2 trains
 * from exactly the checkpointed model, and the run finishes at round 3. Runs on the in-VM
 * transport, as the simulations do.
 */
@Timeout(300)
class CoordinatorRestartTest {

    @TempDir
    Path tmp;

    @Test
    void restartedCoordinatorResumesFromItsCheckpoint() throws Exception {
        int sites = 3;
        SecureRandom random = new SecureRandom();
        Map<String, Ed25519KeyPair> identities = new TreeMap<>();
        Map<String, byte[]> publicKeys = new TreeMap<>();
        for (int i = 1; i <= sites; i++) {
            Ed25519KeyPair kp = Ed25519KeyPair.generate(random);
            identities.put("site-" + i, kp);
            publicKeys.put("site-" + i, kp.publicKey());
        }
        Endpoint endpoint = new Endpoint.InVm("restart-test");
        Path state = tmp.resolve("state");
        RoundPolicy policy = RoundPolicy.defaults(3, sites).withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(90));
        ModelParameters initial = new Vae(VaeConfig.defaults(5)).parameters();
        Recorder first = new Recorder();
        ExecutorService training = Executors.newFixedThreadPool(2);
        List<FederationParticipant> participants = new ArrayList<>();
        try {
            FederationCoordinator a = FederationCoordinator.start(CoordinatorConfig.builder(endpoint,
                    new InVmAuthenticator(publicKeys), policy).initialModel(initial).stateDir(state).build(), first);
            int index = 0;
            for (Map.Entry<String, Ed25519KeyPair> e : identities.entrySet()) {
                participants.add(FederationParticipant.start(ParticipantConfig.builder(e.getKey(), e.getValue().privateKey(),
                                endpoint, TestData.train(20 + index, 64), TestData.test(20 + index, 16))
                        .trainingExecutor(training)
                        .reconnect(new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMinutes(2)))
                        .build(), first.participant(e.getKey(), Recorder.StageHook.NONE)));
                index++;
            }
            Recorder.Finished round1 = first.nextRound();
            assertTrue(round1.metrics().completed());
            a.close(); // a crash: no goodbye, connections cut

            Checkpoint cp = new CheckpointStore(state).latest().orElseThrow();
            assertEquals(1, cp.completedRounds());
            assertTrue(cp.globalModel().bitEquals(round1.model()));
            assertFalse(cp.globalModel().bitEquals(initial));

            Recorder second = new Recorder();
            // No initial model: everything comes from the state folder.
            try (FederationCoordinator b = FederationCoordinator.start(CoordinatorConfig.builder(endpoint,
                    new InVmAuthenticator(publicKeys), policy).stateDir(state).build(), second)) {
                assertTrue(b.globalModel().bitEquals(cp.globalModel()));
                Recorder.Finished round2 = second.nextRound();
                assertEquals(2, round2.metrics().roundId());
                assertTrue(round2.metrics().completed());
                List<Recorder.Started> starts = first.starts.stream().filter(s -> s.roundId() == 2).toList();
                assertEquals(sites, starts.size());
                starts.forEach(s -> assertTrue(s.global().bitEquals(cp.globalModel()), s.participantId()));
                Recorder.Finished round3 = second.nextRound();
                assertEquals(3, round3.metrics().roundId());
                assertEquals(3L, b.finished().get(60, TimeUnit.SECONDS));
                for (FederationParticipant p : participants) {
                    assertTrue(p.finished().get(60, TimeUnit.SECONDS).bitEquals(round3.model()));
                }
            }
            List<String> rows = Files.readAllLines(state.resolve("metrics.csv"));
            assertEquals(4, rows.size(), String.join("\n", rows));
            for (int r = 1; r <= 3; r++) {
                assertTrue(rows.get(r).startsWith(r + ","), rows.get(r));
            }
        } finally {
            participants.forEach(FederationParticipant::close);
            training.shutdownNow();
        }
    }
}
