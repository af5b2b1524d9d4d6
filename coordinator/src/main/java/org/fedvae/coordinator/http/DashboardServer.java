package org.fedvae.coordinator.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.transport.Endpoint;

/**
 * The read-only HTTP server of the dashboard and /metrics: a Netty pipeline of small handlers
 * (TLS if asked, the HTTP codec, the token check if asked, the routes) on one event loop thread of
 * its own, so it never competes with the rounds' threads for more than that.
 */
public final class DashboardServer implements AutoCloseable {

    /** Requests are small GETs; anything larger is refused by the aggregator. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;
    private final Endpoint.Tcp endpoint;

    private DashboardServer(EventLoopGroup group, Channel channel, Endpoint.Tcp endpoint) {
        this.group = group;
        this.channel = channel;
        this.endpoint = endpoint;
    }

    /**
     * Binds and serves {@code status}. Whether the access settings are safe for the address was
     * decided by {@link HttpAccess}; here they are only applied.
     *
     * @param images the sample grids of each round's model, or null if there are none
     */
    public static DashboardServer start(HttpAccess access, FederationStatus status, RoundImages images)
            throws IOException {
        Endpoint.Tcp at = access.endpoint();
        EventLoopGroup group = at.newEventLoopGroup(1, "fedvae-http");
        DashboardRoutes routes = new DashboardRoutes(status, images);
        BearerTokenCheck tokenCheck = access.token() == null ? null : new BearerTokenCheck(access.token());
        SslContext tls = access.tls();
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(at.serverChannelType())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(new ReadTimeoutHandler(60, TimeUnit.SECONDS)); // idle keep-alive connections
                            if (tls != null) {
                                p.addLast(tls.newHandler(ch.alloc()));
                            }
                            p.addLast(new HttpServerCodec());
                            p.addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES));
                            if (tokenCheck != null) {
                                p.addLast(tokenCheck);
                            }
                            p.addLast(routes);
                        }
                    })
                    .bind(at.address())
                    .syncUninterruptibly()
                    .channel();
            int port = ((InetSocketAddress) channel.localAddress()).getPort();
            return new DashboardServer(group, channel, new Endpoint.Tcp(at.host(), port));
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot serve HTTP on " + at + ": " + e.getMessage(), e);
        }
    }

    /** Where it listens (the real port when 0 was asked for). */
    public Endpoint.Tcp endpoint() {
        return endpoint;
    }

    /** The page's address, e.g. http://127.0.0.1:8080/. */
    public String url(boolean tls) {
        String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        return (tls ? "https" : "http") + "://" + host + ":" + endpoint.port() + "/";
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
