package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.harness.TestFederationCa;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.RoundTimeouts;
import org.fedvae.protocol.proto.TrainingPlan;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.TransportEvents;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.protocol.transport.TransportPipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real participant against a coordinator that lies about its cohort (issue 9, item 1): with
 * n = 3 and two members it invented, the unmasked "aggregate" would be the victim's update. The
 * participant must decline, naming the member, before it advertises keys, so that nothing derived
 * from its update (and no masked input) ever exists. Also the revocation list's rules, across a restart.
 */
@Timeout(120)
class CohortAuthenticationTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TestFederationCa CA = TestFederationCa.create("Federation CA");
    private static final ModelParameters MODEL = ModelParameters.zeros(VaeLayout.spec(VaeConfig.defaults(0)));

    @TempDir
    Path tmp;

    private final Ed25519KeyPair me = Ed25519KeyPair.generate(RANDOM);
    private FakeCoordinator coordinator;
    private FederationParticipant site;

    /** A cohort member as the lying coordinator presents it. */
    private record Member(String id, byte[] identityKey, X509Certificate certificate) {}

    @BeforeEach
    void setUp() throws Exception {
        coordinator = new FakeCoordinator(new Endpoint.InVm("cohort-auth-" + System.nanoTime()));
        site = start();
    }

    @AfterEach
    void tearDown() {
        site.close();
        coordinator.close();
    }

    private FederationParticipant start() throws Exception {
        ParticipantConfig config = ParticipantConfig.builder(
                        "me", me.privateKey(), coordinator.endpoint, images(32, 1), images(8, 2))
                .stateDir(tmp)
                .federationCa(CA.certificate())
                .build();
        FederationParticipant p = FederationParticipant.start(config, null);
        coordinator.awaitConnection();
        return p;
    }

    private Member self() {
        return new Member("me", me.publicKey(), CA.issue("me", me.publicKey()));
    }

    private static Member enrolled(String id) {
        Ed25519KeyPair k = Ed25519KeyPair.generate(RANDOM);
        return new Member(id, k.publicKey(), CA.issue(id, k.publicKey()));
    }

    /** How the coordinator dresses up the members it invents. */
    enum Forgery {
        NO_CERTIFICATE,
        SIGNED_BY_ITS_OWN_CA,
        SELF_SIGNED
    }

    private static Member invented(String id, Forgery forgery) {
        Ed25519KeyPair k = Ed25519KeyPair.generate(RANDOM); // the coordinator holds this key, so it can play the member
        X509Certificate cert =
                switch (forgery) {
                    case NO_CERTIFICATE -> null;
                    case SIGNED_BY_ITS_OWN_CA -> TestFederationCa.impostorOf(CA).issue(id, k.publicKey());
                    case SELF_SIGNED -> TestFederationCa.selfSigned(id, k.publicKey());
                };
        return new Member(id, k.publicKey(), cert);
    }

    @Test
    void anAuthenticCohortIsJoined() throws Exception {
        Envelope answer =
                coordinator.roundStart(1, List.of(enrolled("alpha"), self(), enrolled("zulu")), CA.revocationList(1));
        assertTrue(answer.hasSecagg() && answer.getSecagg().hasAdvertiseKeys(), answer.toString());
    }

    @ParameterizedTest
    @EnumSource(Forgery.class)
    void aCohortOfInventedMembersIsDeclinedBeforeAnyKeyIsAdvertised(Forgery forgery) throws Exception {
        List<Member> cohort = List.of(invented("alpha", forgery), self(), invented("zulu", forgery));
        assertDeclined(coordinator.roundStart(1, cohort, CA.revocationList(1)), 1, "alpha");
        // The same site still joins an authentic cohort: it refused the members, not the coordinator.
        Envelope next =
                coordinator.roundStart(2, List.of(enrolled("alpha"), self(), enrolled("zulu")), CA.revocationList(1));
        assertTrue(next.hasSecagg() && next.getSecagg().hasAdvertiseKeys(), next.toString());
    }

    @Test
    void aRevokedMemberIsDeclined() throws Exception {
        Member revoked = enrolled("alpha");
        assertDeclined(
                coordinator.roundStart(
                        1, List.of(revoked, self(), enrolled("zulu")), CA.revocationList(2, revoked.certificate())),
                1,
                "alpha",
                "revoked");
    }

    @Test
    void aCertificateNamingAnotherSiteOrCarryingAnotherKeyIsDeclined() throws Exception {
        Member alpha = enrolled("alpha");
        Member renamed = new Member("alpha", alpha.identityKey(), CA.issue("mallory", alpha.identityKey()));
        assertDeclined(
                coordinator.roundStart(1, List.of(renamed, self(), enrolled("zulu")), CA.revocationList(1)),
                1,
                "alpha",
                "mallory");
        Member rekeyed = new Member("alpha", Ed25519KeyPair.generate(RANDOM).publicKey(), alpha.certificate());
        assertDeclined(
                coordinator.roundStart(2, List.of(rekeyed, self(), enrolled("zulu")), CA.revocationList(1)),
                2,
                "alpha",
                "identity key");
    }

    @Test
    void anOlderRevocationListIsDeclinedAlsoAfterARestart() throws Exception {
        List<Member> cohort = List.of(enrolled("alpha"), self(), enrolled("zulu"));
        Envelope joined = coordinator.roundStart(1, cohort, CA.revocationList(5));
        assertTrue(joined.hasSecagg(), joined.toString());
        assertDeclined(coordinator.roundStart(2, cohort, CA.revocationList(4)), 2, "number 4", "number 5");

        site.close();
        site = start(); // same state folder: a new process of the same site
        assertDeclined(coordinator.roundStart(3, cohort, CA.revocationList(4)), 3, "number 4", "number 5");
        Envelope again = coordinator.roundStart(4, cohort, CA.revocationList(5));
        assertTrue(again.hasSecagg() && again.getSecagg().hasAdvertiseKeys(), again.toString());
    }

    @Test
    void anExpiredRevocationListIsDeclined() throws Exception {
        Instant now = Instant.now();
        byte[] expired = CA.revocationList(7, now.minus(Duration.ofDays(31)), now.minus(Duration.ofMinutes(1)));
        assertDeclined(
                coordinator.roundStart(1, List.of(enrolled("alpha"), self(), enrolled("zulu")), expired), 1, "expired");
    }

    @Test
    void aRevocationListNotSignedByTheCaIsDeclined() throws Exception {
        byte[] forged = TestFederationCa.impostorOf(CA).revocationList(99);
        assertDeclined(
                coordinator.roundStart(1, List.of(enrolled("alpha"), self(), enrolled("zulu")), forged),
                1,
                "does not verify with the federation CA key");
        assertDeclined(
                coordinator.roundStart(2, List.of(enrolled("alpha"), self(), enrolled("zulu")), new byte[0]),
                2,
                "without the federation's revocation list");
    }

    @Test
    void aSiteWithoutTheFederationCaCannotBeConfigured() {
        ParticipantConfig.Builder b =
                ParticipantConfig.builder("me", me.privateKey(), coordinator.endpoint, images(4, 1), images(0, 2));
        NullPointerException e = assertThrows(NullPointerException.class, b::build);
        assertTrue(e.getMessage().contains("federationCa"), e.getMessage());
    }

    /** The answer is a RoundDecline naming what failed, and nothing else of that round (no AdvertiseKeys) follows. */
    private void assertDeclined(Envelope answer, long roundId, String... words) throws InterruptedException {
        assertTrue(answer.hasRoundDecline(), "expected a RoundDecline, got " + answer);
        String reason = answer.getRoundDecline().getReason();
        for (String w : words) {
            assertTrue(reason.contains(w), "the reason does not say \"" + w + "\": " + reason);
        }
        Envelope more = coordinator.inbound.poll(300, TimeUnit.MILLISECONDS);
        assertTrue(more == null || more.getRoundId() != roundId, "after declining it sent " + more);
    }

    private static ImageSet images(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] px = new float[count * 784];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextDouble() < 0.2 ? 1f : 0f;
        }
        return ImageSet.of(px, new int[count], 28, 28);
    }

    /** A coordinator that accepts any Hello and sends whatever the test scripts. */
    private static final class FakeCoordinator implements AutoCloseable {
        final Endpoint endpoint;
        final BlockingQueue<Envelope> inbound = new LinkedBlockingQueue<>();
        private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
        private final EventLoopGroup group;
        private final Channel server;
        private Channel peer;

        FakeCoordinator(Endpoint endpoint) {
            this.endpoint = endpoint;
            this.group = endpoint.newEventLoopGroup(1, "fake-coordinator");
            this.server = new ServerBootstrap()
                    .group(group)
                    .channel(endpoint.serverChannelType())
                    .childHandler(TransportPipeline.server(
                            TransportLimits.DEFAULTS,
                            null,
                            (ch, hello) -> new AuthenticatedPeer(hello.getParticipantId(), null),
                            "lying-coordinator",
                            Handler::new))
                    .bind(endpoint.address())
                    .syncUninterruptibly()
                    .channel();
        }

        void awaitConnection() throws InterruptedException {
            peer = accepted.poll(30, TimeUnit.SECONDS);
            assertNotNull(peer, "the participant did not connect");
        }

        /** Sends a RoundStart for {@code cohort} (in secure-aggregation id order) and returns the participant's first answer. */
        Envelope roundStart(long roundId, List<Member> cohort, byte[] revocationList) throws Exception {
            Map<Integer, byte[]> keys = new TreeMap<>();
            RoundStart.Builder b = RoundStart.newBuilder();
            for (int i = 0; i < cohort.size(); i++) {
                Member m = cohort.get(i);
                keys.put(i + 1, m.identityKey());
                CohortEntry.Builder e =
                        CohortEntry.newBuilder().setParticipantId(m.id()).setSecaggId(i + 1);
                if (m.certificate() != null) {
                    e.setCertificate(ByteString.copyFrom(m.certificate().getEncoded()));
                }
                b.addCohort(e);
            }
            RoundConfig config = RoundConfig.of(
                    roundId, cohort.size(), MODEL.size(), new EncodingConfig(1f, 12, 1000, cohort.size()), keys);
            b.setSecagg(config.toProto())
                    .setGlobalModel(MODEL.toProto())
                    .setTraining(TrainingPlan.newBuilder()
                            .setLocalEpochs(1)
                            .setLearningRate(1e-3)
                            .setBatchSize(16)
                            .setKlBeta(1)
                            .setSeed(9))
                    .setTimeouts(
                            RoundTimeouts.newBuilder().setKeyStageMillis(10_000).setTrainingMillis(60_000))
                    .setSecureAggregation(true)
                    .setRevocationList(ByteString.copyFrom(revocationList));
            peer.writeAndFlush(
                    Envelopes.newEnvelope("", roundId).setRoundStart(b).build());
            List<Envelope> skipped = new ArrayList<>();
            while (true) {
                Envelope e = inbound.poll(30, TimeUnit.SECONDS);
                assertNotNull(e, "no answer to round " + roundId + " (skipped " + skipped + ")");
                if (e.getRoundId() == roundId) {
                    return e;
                }
                skipped.add(e); // an earlier round's late messages
            }
        }

        @Override
        public void close() {
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }

        private final class Handler extends ChannelInboundHandlerAdapter {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt instanceof TransportEvents.PeerAccepted) {
                    accepted.add(ctx.channel());
                }
                super.userEventTriggered(ctx, evt);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                inbound.add((Envelope) msg);
            }
        }
    }
}
