package org.fedvae.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real loopback TCP without TLS: each kind of bad peer gets its ErrorMessage and is closed, while
 * a well-behaved participant connected all along keeps being served.
 */
@Timeout(60)
class TransportIsolationTest {

    /** Short idle timeout so a stalled peer is dropped within seconds; heartbeats keep the good client alive. */
    private static final TransportLimits LIMITS =
            new TransportLimits(64 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(10));

    private static final long WAIT_SECONDS = 10;

    private static EventLoopGroup group;
    private static Channel server;
    private static InetSocketAddress address;
    private static Channel good;
    private static final BlockingQueue<Envelope> goodReceived = new LinkedBlockingQueue<>();
    private static final AtomicLong probes = new AtomicLong();

    /** The server application: sends every frame back. */
    @Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(((Envelope) msg).toBuilder().setSender("").build());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        PeerAuthenticator anyValidId = (ch, hello) -> new AuthenticatedPeer(hello.getParticipantId(), null);
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(TransportPipeline.server(LIMITS, null, anyValidId, "echo-server", Echo::new))
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
        address = (InetSocketAddress) server.localAddress();

        good = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(TransportPipeline.client(
                        LIMITS,
                        null,
                        null,
                        address.getPort(),
                        "good-1",
                        "test",
                        () -> new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                goodReceived.add((Envelope) msg);
                            }
                        }))
                .connect(address)
                .sync()
                .channel();
        assertTrue(ClientHandshakeHandler.welcome(good).await(WAIT_SECONDS, TimeUnit.SECONDS), "no Welcome");
        assertTrue(
                ClientHandshakeHandler.welcome(good).isSuccess(),
                () -> "" + ClientHandshakeHandler.welcome(good).cause());
    }

    @AfterAll
    static void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The good participant still gets its frames echoed. */
    private static void goodClientStillServed() throws InterruptedException {
        long n = probes.incrementAndGet();
        Envelope probe = Envelopes.error("good-1", ErrorCode.WRONG_ROUND, "probe " + n).toBuilder()
                .setRoundId(n)
                .build();
        good.writeAndFlush(probe);
        Envelope back = goodReceived.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(back, "the good client's probe was not echoed");
        assertEquals(n, back.getRoundId());
        assertTrue(good.isActive());
    }

    private static void assertRefused(RawPeer peer, ErrorCode code) throws Exception {
        Envelope reply = peer.read();
        assertTrue(reply.hasError(), reply.toString());
        assertEquals(code, reply.getError().getCode(), reply.getError().getMessage());
        assertTrue(peer.closedByServer(), "the server did not close the bad peer's connection");
    }

    @Test
    void malformedFrame() throws Exception {
        try (RawPeer bad = new RawPeer(address)) {
            bad.send(new byte[] {0, 0, 0, 2, 0x0a, (byte) 0xff});
            assertRefused(bad, ErrorCode.MALFORMED_FRAME);
        }
        goodClientStillServed();
    }

    @Test
    void frameOverTheLimit() throws Exception {
        try (RawPeer bad = new RawPeer(address)) {
            bad.send(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            assertRefused(bad, ErrorCode.FRAME_TOO_LARGE);
        }
        goodClientStillServed();
    }

    @Test
    void wrongProtocolVersion() throws Exception {
        try (RawPeer bad = new RawPeer(address)) {
            bad.send(Envelopes.hello("old-1", "v2 client").toBuilder()
                    .setProtocolVersion(1)
                    .build());
            assertRefused(bad, ErrorCode.UNSUPPORTED_VERSION);
        }
        goodClientStillServed();
    }

    @Test
    void messageBeforeHello() throws Exception {
        try (RawPeer bad = new RawPeer(address)) {
            bad.send(Envelopes.welcome("not a participant"));
            assertRefused(bad, ErrorCode.WRONG_STAGE);
        }
        goodClientStillServed();
    }

    @Test
    void stalledPeer() throws Exception {
        try (RawPeer bad = new RawPeer(address)) {
            bad.send(Envelopes.hello("stalled-1", "sends nothing more"));
            assertTrue(bad.read().hasWelcome());
            // it then stays silent; heartbeats from the server may come before the TIMEOUT error
            Envelope reply;
            do {
                reply = bad.read();
            } while (reply.hasHeartbeat());
            assertEquals(ErrorCode.TIMEOUT, reply.getError().getCode(), reply.toString());
            assertTrue(bad.closedByServer());
        }
        goodClientStillServed();
    }

    @Test
    void severalBadPeersAtOnce() throws Exception {
        try (RawPeer a = new RawPeer(address);
                RawPeer b = new RawPeer(address);
                RawPeer c = new RawPeer(address)) {
            a.send(new byte[] {0, 0, 0, 1, 0});
            b.send(new byte[] {(byte) 0xff, 0, 0, 0});
            c.send(Envelopes.hello("c-1", "x").toBuilder()
                    .setProtocolVersion(99)
                    .build());
            assertRefused(a, ErrorCode.MALFORMED_FRAME);
            assertRefused(b, ErrorCode.FRAME_TOO_LARGE);
            assertRefused(c, ErrorCode.UNSUPPORTED_VERSION);
        }
        goodClientStillServed();
    }
}
