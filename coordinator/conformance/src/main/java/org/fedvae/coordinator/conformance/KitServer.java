package org.fedvae.coordinator.conformance;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.enrol.AllowlistFile;
import org.fedvae.coordinator.enrol.CertificateAuthenticator;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.TlsContexts;
import org.fedvae.protocol.transport.TransportEvents;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.protocol.transport.TransportPipeline;

/**
 * The kit's fake coordinator listener: the real transport (TLS 1.3, mutual authentication
 * against the federation's allowlist, handshake), so that everything after Welcome is the kit's
 * to script. Each welcomed connection is handed out as a {@link PeerConnection}.
 */
final class KitServer implements AutoCloseable {

    static final String SOFTWARE = "fedvae-conformance 0.1.0";

    private final EventLoopGroup group;
    private final Channel server;
    private final BlockingQueue<PeerConnection> welcomed = new LinkedBlockingQueue<>();

    KitServer(FederationDirectory fed, String host, int port) throws IOException, InterruptedException {
        Endpoint.Tcp endpoint = new Endpoint.Tcp(host, port);
        this.group = endpoint.newEventLoopGroup(1, "conformance-kit");
        try {
            this.server = new ServerBootstrap()
                    .group(group)
                    .channel(endpoint.serverChannelType())
                    .childHandler(TransportPipeline.server(
                            TransportLimits.DEFAULTS,
                            TlsContexts.server(fed.coordinator(), true),
                            new CertificateAuthenticator(new AllowlistFile(fed.allowlist())),
                            SOFTWARE,
                            Receiver::new))
                    .bind(endpoint.address())
                    .sync()
                    .channel();
        } catch (IOException | InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The next participant connection to be welcomed, or null after {@code wait}. */
    PeerConnection nextConnection(Duration wait) throws InterruptedException {
        return welcomed.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Collects a welcomed connection's frames for the check that is running. */
    private final class Receiver extends ChannelInboundHandlerAdapter {
        private PeerConnection connection;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof TransportEvents.PeerAccepted accepted) {
                connection = new PeerConnection(
                        ctx.channel(),
                        accepted.peer().participantId(),
                        IdentityKeys.rawPublic(accepted.peer().identityKey()),
                        accepted.peer().certificate().getEncoded());
                welcomed.add(connection);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (connection != null) {
                connection.received((Envelope) msg);
            }
        }
    }
}
