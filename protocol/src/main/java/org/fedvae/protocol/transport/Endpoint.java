package org.fedvae.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Where a coordinator listens and participants connect: a TCP host and port, or a name in
 * Netty's in-VM transport (whole federations in one process, no sockets). Both kinds run the
 * same {@link TransportPipeline}; each needs its own kind of event loop, which
 * {@link #newEventLoopGroup} makes.
 */
public sealed interface Endpoint permits Endpoint.Tcp, Endpoint.InVm {

    /** The address to bind or connect to. */
    SocketAddress address();

    Class<? extends Channel> channelType();

    Class<? extends ServerChannel> serverChannelType();

    /** The event loops this endpoint's channels can run on. */
    IoHandlerFactory ioHandlerFactory();

    /** Event loops for this kind of endpoint, on daemon threads named {@code name}-N. */
    default EventLoopGroup newEventLoopGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlerFactory());
    }

    /** "HOST:PORT" (IPv6 as "[ADDR]:PORT") for TCP, or "local:NAME" for the in-VM transport. */
    static Endpoint parse(String text) {
        Objects.requireNonNull(text, "endpoint");
        if (text.startsWith("local:")) {
            return new InVm(text.substring("local:".length()));
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("endpoint '" + text + "' is not HOST:PORT (or local:NAME)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint '" + text + "' has no numeric port");
        }
        return new Tcp(host, port);
    }

    /** A TCP endpoint; port 0 binds any free port (see the bound address of the server). */
    record Tcp(String host, int port) implements Endpoint {

        public Tcp {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("TCP endpoint needs a host");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
        }

        @Override
        public SocketAddress address() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public Class<? extends Channel> channelType() {
            return NioSocketChannel.class;
        }

        @Override
        public Class<? extends ServerChannel> serverChannelType() {
            return NioServerSocketChannel.class;
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /** A name in Netty's in-VM transport: only code in the same JVM can connect. */
    record InVm(String name) implements Endpoint {

        public InVm {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("in-VM endpoint needs a name");
            }
        }

        @Override
        public SocketAddress address() {
            return new LocalAddress(name);
        }

        @Override
        public Class<? extends Channel> channelType() {
            return LocalChannel.class;
        }

        @Override
        public Class<? extends ServerChannel> serverChannelType() {
            return LocalServerChannel.class;
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return LocalIoHandler.newFactory();
        }

        @Override
        public String toString() {
            return "local:" + name;
        }
    }
}
