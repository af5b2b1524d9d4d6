package org.fedvae.simulations.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.federation.CoordinatorConfig;
import org.fedvae.coordinator.federation.EncodingPlanner;
import org.fedvae.coordinator.federation.FederationCoordinator;
import org.fedvae.coordinator.federation.InVmAuthenticator;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.participant.federation.FederationParticipant;
import org.fedvae.participant.federation.LocalUpdate;
import org.fedvae.participant.federation.ParticipantConfig;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.transport.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class InVmSmokeTest {

    @Test
    void threeParticipantsTwoRounds() throws Exception {
        int n = 3;
        java.security.SecureRandom rnd = new java.security.SecureRandom();
        Map<String, Ed25519KeyPair> ids = new TreeMap<>();
        Map<String, byte[]> pub = new TreeMap<>();
        for (int i = 1; i <= n; i++) {
            Ed25519KeyPair kp = Ed25519KeyPair.generate(rnd);
            ids.put("site-" + i, kp);
            pub.put("site-" + i, kp.publicKey());
        }
        ModelParameters initial = new Vae(VaeConfig.defaults(7)).parameters();
        Endpoint ep = new Endpoint.InVm("smoke");
        RoundPolicy policy = RoundPolicy.defaults(2, n).withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(60));
        Recorder rec = new Recorder();
        ExecutorService training = Executors.newFixedThreadPool(2);
        try (FederationCoordinator c = FederationCoordinator.start(
                CoordinatorConfig.builder(ep, new InVmAuthenticator(pub), policy).initialModel(initial).build(), rec)) {
            List<FederationParticipant> ps = new ArrayList<>();
            int site = 0;
            for (var e : ids.entrySet()) {
                ps.add(FederationParticipant.start(ParticipantConfig.builder(e.getKey(), e.getValue().privateKey(), ep,
                        TestData.train(site, 64), TestData.test(site, 16)).trainingExecutor(training).build(),
                        rec.participant(e.getKey(), Recorder.StageHook.NONE)));
                site++;
            }
            ModelParameters before = initial;
            for (int r = 1; r <= 2; r++) {
                Recorder.Finished f = rec.nextRound();
                assertTrue(f.metrics().completed(), f.metrics().toString());
                List<LocalUpdate> ups = new ArrayList<>();
                for (String s : f.metrics().survivors()) {
                    ups.add(rec.updates.get(s).get((long) r));
                }
                var enc = EncodingPlanner.plan(n, policy.clipRange(), policy.maxWeight());
                FedAvgCheck.assertExactSecureSum(before, f.model(), ups, enc);
                System.out.println("worst " + FedAvgCheck.assertWithinQuantization(before, f.model(), ups, enc));
                before = f.model();
            }
            assertEquals(2L, c.finished().get(60, TimeUnit.SECONDS));
            for (FederationParticipant p : ps) {
                assertTrue(p.finished().get(60, TimeUnit.SECONDS).bitEquals(before));
            }
        } finally {
            training.shutdownNow();
        }
    }
}
