package org.fedvae.simulations.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.enrol.AllowlistFile;
import org.fedvae.coordinator.enrol.CertificateAuthenticator;
import org.fedvae.coordinator.enrol.Enrolment;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.coordinator.federation.CoordinatorConfig;
import org.fedvae.coordinator.federation.FederationCoordinator;
import org.fedvae.coordinator.federation.RevocationListSource;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.participant.federation.FederationParticipant;
import org.fedvae.participant.federation.LocalUpdate;
import org.fedvae.participant.federation.ParticipantConfig;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Welcome;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.transport.ClientHandshakeHandler;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.PemFiles;
import org.fedvae.protocol.transport.TlsContexts;
import org.fedvae.protocol.transport.TransportException;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.protocol.transport.TransportPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system over loopback TCP with mutual TLS and the real enrolment: a coordinator and
 * five participants training the real 652,824-parameter VAE for two rounds. In round 1 one
 * participant dies right after sharing its keys (so its pairwise masks must be recovered from
 * the others' shares); it comes back for round 2, in which another dies right after sending its
 * masked input (so its update still counts). Both rounds complete, and each new global model is
 * exactly the decoded sum of the survivors' encoded updates, and FedAvg of their deltas within
 * the quantization bound. Mid-round, a second connection under a connected id is refused.
 */
@Timeout(300)
class TlsFederationTest {

    private static final int SITES = 5;

    @TempDir
    Path tmp;

    @Test
    void twoRoundsWithDropoutsOverMutualTls() throws Exception {
        FederationDirectory fed = new FederationDirectory(tmp.resolve("federation"));
        Enrolment enrolment = new Enrolment(fed);
        enrolment.initCa("Test federation CA", 30, false);
        enrolment.coordinator("localhost", 30, false);
        for (int i = 1; i <= SITES; i++) {
            enrolment.participant(site(i), 30, false);
        }
        ModelParameters initial = new Vae(VaeConfig.defaults(11)).parameters();
        RoundPolicy policy = RoundPolicy.defaults(2, SITES)
                .with(new RoundPolicy.Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(90)));
        Path state = tmp.resolve("state");
        Recorder rec = new Recorder();
        CoordinatorConfig config = CoordinatorConfig.builder(
                        new Endpoint.Tcp("127.0.0.1", 0),
                        new CertificateAuthenticator(new AllowlistFile(fed.allowlist())),
                        policy)
                .tls(TlsContexts.server(fed.coordinator(), true))
                .initialModel(initial)
                .stateDir(state)
                .revocations(RevocationListSource.file(fed.revocationList()))
                .build();
        ExecutorService training = Executors.newFixedThreadPool(2);
        EventLoopGroup loops = new Endpoint.Tcp("127.0.0.1", 1).newEventLoopGroup(2, "test-participants");
        Map<String, FederationParticipant> running = new ConcurrentHashMap<>();
        CountDownLatch round2Midway = new CountDownLatch(1);
        try (FederationCoordinator coordinator = FederationCoordinator.start(config, rec)) {
            Endpoint endpoint = coordinator.endpoint();
            for (int i = 1; i <= SITES; i++) {
                String id = site(i);
                Recorder.StageHook hook = (round, stage) -> {
                    if (round == 1 && id.equals("site-3") && stage == SecAggStage.SHARE_KEYS) {
                        running.get(id).close(); // its ShareKeys went out; it never sends a masked input
                    }
                    if (round == 2 && id.equals("site-5") && stage == SecAggStage.CONSISTENCY_CHECK) {
                        running.get(id).close(); // its masked input went out; it never signs the survivor set
                    }
                    if (round == 2 && id.equals("site-1") && stage == SecAggStage.SHARE_KEYS) {
                        round2Midway.countDown();
                    }
                };
                running.put(id, start(fed, id, i, endpoint, training, loops, rec.participant(id, hook)));
            }

            Recorder.Finished first = rec.nextRound();
            assertCompletedWith(first, List.of("site-1", "site-2", "site-4", "site-5"));
            checkAggregate(first, initial, rec, policy);
            assertThrows(
                    ExecutionException.class,
                    () -> running.get("site-3").finished().get(30, TimeUnit.SECONDS));

            // site-3 restarts with the same credentials and is back for round 2.
            running.put(
                    "site-3",
                    start(
                            fed,
                            "site-3",
                            3,
                            endpoint,
                            training,
                            loops,
                            rec.participant("site-3", Recorder.StageHook.NONE)));
            assertTrue(round2Midway.await(Recorder.WAIT_SECONDS, TimeUnit.SECONDS));
            assertDuplicateRefused(fed.participant("site-2"), "site-2", endpoint, loops);

            Recorder.Finished second = rec.nextRound();
            assertCompletedWith(second, List.of("site-1", "site-2", "site-3", "site-4", "site-5"));
            checkAggregate(second, first.model(), rec, policy);

            assertEquals(2L, coordinator.finished().get(60, TimeUnit.SECONDS));
            for (String id : List.of("site-1", "site-2", "site-3", "site-4")) {
                assertTrue(running.get(id).finished().get(60, TimeUnit.SECONDS).bitEquals(second.model()), id);
            }
            List<String> csv = Files.readAllLines(state.resolve("metrics.csv"));
            assertEquals(3, csv.size(), String.join("\n", csv));
            assertTrue(csv.get(1).startsWith("1,true,5,4,4,"), csv.get(1));
            assertTrue(csv.get(2).startsWith("2,true,5,4,5,"), csv.get(2));
        } finally {
            running.values().forEach(FederationParticipant::close);
            training.shutdownNow();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static String site(int i) {
        return "site-" + i;
    }

    private static FederationParticipant start(
            FederationDirectory fed,
            String id,
            int index,
            Endpoint endpoint,
            ExecutorService training,
            EventLoopGroup loops,
            org.fedvae.participant.federation.ParticipantListener listener)
            throws Exception {
        CredentialFiles files = fed.participant(id);
        return FederationParticipant.start(
                ParticipantConfig.builder(
                                id,
                                IdentityKeys.readIdentityKey(files),
                                endpoint,
                                TestData.train(index, 64),
                                TestData.test(index, 16))
                        .tls(TlsContexts.client(files), "localhost")
                        .trainingExecutor(training)
                        .eventLoops(loops)
                        .federationCa(PemFiles.readCertificate(files.caCertificate()))
                        .build(),
                listener);
    }

    private static void assertCompletedWith(Recorder.Finished f, List<String> survivors) {
        assertTrue(
                f.metrics().completed(), () -> "round aborted: " + f.metrics().abortReason());
        assertEquals(
                List.of("site-1", "site-2", "site-3", "site-4", "site-5"),
                f.metrics().cohort());
        assertEquals(survivors, f.metrics().survivors());
        assertEquals(4, f.metrics().threshold());
        long vectorBytes = 4L * VectorLayout.wordCount(f.model().size());
        assertTrue(
                f.metrics().bytesIn() >= survivors.size() * vectorBytes,
                "bytes in: " + f.metrics().bytesIn());
        assertTrue(
                f.metrics().bytesOut() >= SITES * 4L * f.model().size(),
                "bytes out: " + f.metrics().bytesOut());
        assertEquals(
                16L * survivors.size(),
                f.metrics().testSamples(),
                "the evaluation covers the survivors: " + f.metrics());
    }

    private static void checkAggregate(Recorder.Finished f, ModelParameters before, Recorder rec, RoundPolicy policy) {
        long round = f.metrics().roundId();
        List<LocalUpdate> updates = new ArrayList<>();
        for (String s : f.metrics().survivors()) {
            updates.add(rec.updates.get(s).get(round));
        }
        // The encoding the coordinator used for this round, as it reports it: planned for the whole cohort.
        EncodingConfig encoding = f.metrics().encoding().orElseThrow();
        assertEquals(SITES, encoding.maxParticipants());
        assertEquals(policy.encoding().maxWeight(), encoding.maxWeight());
        FedAvgCheck.assertExactSecureSum(before, f.model(), updates, encoding);
        FedAvgCheck.assertWithinQuantization(before, f.model(), updates, encoding);
        // Everyone who started the round trained from the same model: the one before it.
        rec.starts.stream()
                .filter(s -> s.roundId() == round)
                .forEach(s -> assertTrue(s.global().bitEquals(before), s.participantId()));
    }

    /** A second connection with the credentials of a connected participant is refused before Welcome. */
    private static void assertDuplicateRefused(
            CredentialFiles files, String id, Endpoint endpoint, EventLoopGroup loops) throws Exception {
        Endpoint.Tcp tcp = (Endpoint.Tcp) endpoint;
        Channel ch = new Bootstrap()
                .group(loops)
                .channel(tcp.channelType())
                .handler(TransportPipeline.client(
                        TransportLimits.DEFAULTS,
                        TlsContexts.client(files),
                        "localhost",
                        tcp.port(),
                        id,
                        "duplicate",
                        ChannelInboundHandlerAdapter::new))
                .connect(tcp.address())
                .sync()
                .channel();
        Future<Welcome> welcome = ClientHandshakeHandler.welcome(ch);
        assertTrue(welcome.await(30, TimeUnit.SECONDS));
        TransportException e = assertInstanceOf(TransportException.class, welcome.cause());
        assertEquals(ErrorCode.DUPLICATE_PARTICIPANT, e.code(), e.getMessage());
    }
}
