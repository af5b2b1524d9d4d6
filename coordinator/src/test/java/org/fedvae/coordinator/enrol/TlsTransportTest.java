package org.fedvae.coordinator.enrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Welcome;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.ClientHandshakeHandler;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.ParticipantCertificate;
import org.fedvae.protocol.transport.PemFiles;
import org.fedvae.protocol.transport.TlsContexts;
import org.fedvae.protocol.transport.TransportEvents;
import org.fedvae.protocol.transport.TransportException;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.protocol.transport.TransportPipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS over loopback TCP with credentials made by enrolment: the coordinator's pipeline
 * with the {@link CertificateAuthenticator}, participants' pipelines with their enrolled files.
 */
@Timeout(60)
class TlsTransportTest {

    private static final long WAIT_SECONDS = 10;
    private static final TransportLimits LIMITS = TransportLimits.DEFAULTS.withHandshakeTimeout(Duration.ofSeconds(10));

    @TempDir
    static Path tmp;

    private static FederationDirectory fed;
    private static FederationDirectory otherFed;
    private static Enrolment enrol;
    private static EventLoopGroup group;
    private static int port;
    private static Channel good;
    private static final BlockingQueue<Envelope> goodReceived = new LinkedBlockingQueue<>();
    private static final AtomicLong probes = new AtomicLong();

    /** What the coordinator's application saw: accepted peers and the TLS protocol of their session. */
    private static final List<AuthenticatedPeer> accepted = new CopyOnWriteArrayList<>();

    private static final Map<String, String> serverSideProtocol = new ConcurrentHashMap<>();

    @Sharable
    static final class CoordinatorApp extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof TransportEvents.PeerAccepted a) {
                accepted.add(a.peer());
                serverSideProtocol.put(
                        a.peer().participantId(),
                        ctx.pipeline()
                                .get(SslHandler.class)
                                .engine()
                                .getSession()
                                .getProtocol());
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(((Envelope) msg).toBuilder().setSender("").build());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        fed = new FederationDirectory(tmp.resolve("fed"));
        enrol = new Enrolment(fed);
        enrol.initCa("Test CA", 30, false);
        enrol.coordinator("coordinator.test", 30, false);
        for (String id : List.of("site-1", "site-2", "site-3", "revoked-1", "unlisted-1", "reenrolled-1")) {
            enrol.participant(id, 30, false);
        }
        enrol.revoke("revoked-1");
        new AllowlistFile(fed.allowlist()).update(list -> list.without("unlisted-1"));
        copyCredentials(fed.participant("reenrolled-1"), tmp.resolve("reenrolled-1-old"));
        enrol.participant("reenrolled-1", 30, true);

        otherFed = new FederationDirectory(tmp.resolve("other"));
        Enrolment other = new Enrolment(otherFed);
        other.initCa("Other CA", 30, false);
        other.participant("site-1", 30, false);

        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        SslContext serverTls = TlsContexts.server(fed.coordinator(), true);
        CertificateAuthenticator auth = new CertificateAuthenticator(new AllowlistFile(fed.allowlist()));
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(
                        TransportPipeline.server(LIMITS, serverTls, auth, "coordinator-test", CoordinatorApp::new))
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();

        good = connect(TlsContexts.client(fed.participant("site-3")), "localhost", "site-3", goodReceived);
        assertWelcomed(good);
    }

    @AfterAll
    static void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static CredentialFiles copyCredentials(CredentialFiles from, Path to) throws Exception {
        Files.createDirectories(to);
        for (String name : List.of(
                CredentialFiles.CA_CERTIFICATE,
                CredentialFiles.TLS_CERTIFICATE,
                CredentialFiles.TLS_PRIVATE_KEY,
                CredentialFiles.IDENTITY_PRIVATE_KEY)) {
            Files.copy(from.directory().resolve(name), to.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return new CredentialFiles(to);
    }

    private static Channel connect(
            SslContext tls, String expectedName, String participantId, BlockingQueue<Envelope> received)
            throws InterruptedException {
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(TransportPipeline.client(
                        LIMITS,
                        tls,
                        expectedName,
                        port,
                        participantId,
                        "participant-test",
                        () -> new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                received.add((Envelope) msg);
                            }
                        }))
                .connect("127.0.0.1", port)
                .sync()
                .channel();
    }

    private static Channel connect(CredentialFiles files, String participantId) throws Exception {
        return connect(TlsContexts.client(files), "localhost", participantId, new LinkedBlockingQueue<>());
    }

    private static Welcome assertWelcomed(Channel ch) throws InterruptedException {
        Future<Welcome> f = ClientHandshakeHandler.welcome(ch);
        assertTrue(f.await(WAIT_SECONDS, TimeUnit.SECONDS), "no handshake outcome");
        assertTrue(f.isSuccess(), () -> "refused: " + f.cause());
        return f.getNow();
    }

    /** The handshake failed; returns why. */
    private static Throwable assertRefused(Channel ch) throws InterruptedException {
        Future<Welcome> f = ClientHandshakeHandler.welcome(ch);
        assertTrue(f.await(WAIT_SECONDS, TimeUnit.SECONDS), "no handshake outcome");
        assertFalse(f.isSuccess(), "accepted");
        assertTrue(ch.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS), "connection not closed");
        return f.cause();
    }

    private static TransportException assertRefusedWith(Channel ch, ErrorCode code) throws InterruptedException {
        TransportException e = assertInstanceOf(TransportException.class, assertRefused(ch));
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private static void assertTlsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException
                    || c.getMessage() != null && c.getMessage().contains("closed before Welcome")) {
                return;
            }
        }
        throw new AssertionError("expected a TLS failure, got " + t, t);
    }

    private static String awaitServerSide(String participantId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!serverSideProtocol.containsKey(participantId) && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        return serverSideProtocol.get(participantId);
    }

    private static void goodParticipantStillServed() throws InterruptedException {
        long n = probes.incrementAndGet();
        good.writeAndFlush(Envelopes.error("site-3", ErrorCode.WRONG_ROUND, "probe").toBuilder()
                .setRoundId(n)
                .build());
        Envelope back = goodReceived.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(back, "the connected participant was not served");
        assertEquals(n, back.getRoundId());
    }

    @Test
    void enrolledParticipantConnectsOverTls13AndIsIdentifiedById() throws Exception {
        BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
        Channel ch = connect(TlsContexts.client(fed.participant("site-1")), "localhost", "site-1", received);
        Welcome w = assertWelcomed(ch);
        assertEquals("coordinator-test", w.getSoftware());
        assertEquals(
                "TLSv1.3",
                ch.pipeline().get(SslHandler.class).engine().getSession().getProtocol());
        // the coordinator's application learns of the peer on its own thread, just after sending Welcome
        assertEquals("TLSv1.3", awaitServerSide("site-1"));
        ParticipantCertificate expected = ParticipantCertificate.of(
                PemFiles.readCertificate(fed.participant("site-1").tlsCertificate()));
        AuthenticatedPeer peer = accepted.stream()
                .filter(p -> p.participantId().equals("site-1"))
                .findFirst()
                .orElseThrow();
        assertEquals(expected.identityKey(), peer.identityKey());

        ch.writeAndFlush(Envelopes.error("site-1", ErrorCode.WRONG_ROUND, "probe").toBuilder()
                .setRoundId(77)
                .build());
        Envelope back = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(back);
        assertEquals(77, back.getRoundId());
        ch.close().sync();
    }

    @Test
    void coordinatorReachedByItsEnrolledHostNameAndByIpVerifies() throws Exception {
        // "coordinator.test" is in the SAN; resolving it is not needed since we connect to 127.0.0.1
        assertWelcomed(connect(
                TlsContexts.client(fed.participant("site-2")),
                "coordinator.test",
                "site-2",
                new LinkedBlockingQueue<>()));
        assertWelcomed(connect(
                TlsContexts.client(fed.participant("site-2")), "127.0.0.1", "site-2", new LinkedBlockingQueue<>()));
    }

    @Test
    void coordinatorWithTheWrongNameIsRefusedByTheParticipant() throws Exception {
        Channel ch = connect(
                TlsContexts.client(fed.participant("site-2")), "impostor.test", "site-2", new LinkedBlockingQueue<>());
        assertTlsFailure(assertRefused(ch));
        goodParticipantStillServed();
    }

    /**
     * A client context that presents its certificate even when the server's list of acceptable
     * CAs does not name its issuer (the JDK's key manager would otherwise send no certificate).
     */
    private static SslContext presentingAnyway(CredentialFiles own, X509Certificate trusted) throws Exception {
        PrivateKey key = PemFiles.readPrivateKey(own.tlsPrivateKey());
        X509Certificate cert = PemFiles.readCertificate(own.tlsCertificate());
        X509ExtendedKeyManager km = new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "own";
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "own";
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return new X509Certificate[] {cert};
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return key;
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"own"};
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .trustManager(trusted)
                .keyManager(km)
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
    }

    @Test
    void certificateFromAnotherCaIsRefused() throws Exception {
        // trusts our CA, but presents a certificate that another federation's CA signed
        SslContext foreign =
                presentingAnyway(otherFed.participant("site-1"), PemFiles.readCertificate(fed.caCertificate()));
        Channel ch = connect(foreign, "localhost", "site-1", new LinkedBlockingQueue<>());
        assertTlsFailure(assertRefused(ch));
        PublicKey foreignIdentity = ParticipantCertificate.of(
                        PemFiles.readCertificate(otherFed.participant("site-1").tlsCertificate()))
                .identityKey();
        assertFalse(accepted.stream().anyMatch(p -> foreignIdentity.equals(p.identityKey())));
        goodParticipantStillServed();
    }

    @Test
    void theJdkDoesNotEvenOfferACertificateFromAnotherCa() throws Exception {
        CredentialFiles mixed = copyCredentials(otherFed.participant("site-1"), tmp.resolve("mixed"));
        Files.copy(fed.caCertificate(), mixed.caCertificate(), StandardCopyOption.REPLACE_EXISTING);
        assertTlsFailure(assertRefused(connect(mixed, "site-1")));
        goodParticipantStillServed();
    }

    @Test
    void participantOfAnotherFederationDoesNotTrustThisCoordinator() throws Exception {
        assertTlsFailure(assertRefused(connect(otherFed.participant("site-1"), "site-1")));
        goodParticipantStillServed();
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        Channel ch = connect(
                TlsContexts.clientWithoutCertificate(fed.caCertificate()),
                "localhost",
                "site-1",
                new LinkedBlockingQueue<>());
        assertTlsFailure(assertRefused(ch));
        goodParticipantStillServed();
    }

    @Test
    void plaintextPeerIsDropped() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            byte[] hello = Envelopes.hello("site-1", "no TLS").toByteArray();
            var out = new java.io.DataOutputStream(plain.getOutputStream());
            out.writeInt(hello.length);
            out.write(hello);
            out.flush();
            var in = plain.getInputStream();
            try {
                while (in.read() != -1) {
                    // a TLS alert may come first; then the end of the stream
                }
            } catch (java.net.SocketException reset) {
                // a reset is a close too
            }
        }
        goodParticipantStillServed();
    }

    @Test
    void revokedParticipantIsUnauthenticated() throws Exception {
        TransportException e =
                assertRefusedWith(connect(fed.participant("revoked-1"), "revoked-1"), ErrorCode.UNAUTHENTICATED);
        assertTrue(e.getMessage().contains("revoked"), e.getMessage());
        goodParticipantStillServed();
    }

    @Test
    void participantNotOnTheAllowlistIsUnknown() throws Exception {
        assertRefusedWith(connect(fed.participant("unlisted-1"), "unlisted-1"), ErrorCode.UNKNOWN_PARTICIPANT);
        goodParticipantStillServed();
    }

    @Test
    void certificateReplacedByReEnrolmentIsRefused() throws Exception {
        CredentialFiles old = new CredentialFiles(tmp.resolve("reenrolled-1-old"));
        TransportException e = assertRefusedWith(connect(old, "reenrolled-1"), ErrorCode.UNAUTHENTICATED);
        assertTrue(e.getMessage().contains("not the one enrolled"), e.getMessage());
        assertWelcomed(connect(fed.participant("reenrolled-1"), "reenrolled-1"));
    }

    @Test
    void helloForAnotherIdThanTheCertificateIsRefused() throws Exception {
        TransportException e =
                assertRefusedWith(connect(fed.participant("site-1"), "site-2"), ErrorCode.UNAUTHENTICATED);
        assertTrue(e.getMessage().contains("certificate is that of site-1"), e.getMessage());
        goodParticipantStillServed();
    }

    @Test
    void revocationTakesEffectForTheNextConnectionWithoutRestart() throws Exception {
        enrol.participant("late-1", 30, false);
        assertWelcomed(connect(fed.participant("late-1"), "late-1"));
        enrol.revoke("late-1");
        assertRefusedWith(connect(fed.participant("late-1"), "late-1"), ErrorCode.UNAUTHENTICATED);
    }
}
