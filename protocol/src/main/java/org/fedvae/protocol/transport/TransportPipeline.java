package org.fedvae.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.Objects;
import java.util.function.Supplier;
import org.fedvae.protocol.proto.Envelope;

/**
 * Assembles the transport pipeline, the same on both sides and over any channel type (TCP,
 * Netty's in-VM channel, EmbeddedChannel), with or without TLS. From head to tail:
 *
 * <pre>
 * idle-state (IdleStateHandler)        tls (SslHandler, optional)
 * frame-decoder / frame-encoder        4-byte big-endian length, bounded
 * protobuf-decoder / protobuf-encoder  Envelope
 * idle-timeout                         heartbeats out, TIMEOUT on silence, heartbeats swallowed
 * handshake                            Hello/Welcome, then replaced by envelope-validator
 * application                          the caller's handler: sees only valid Envelopes after the handshake
 * exceptions                           ErrorMessage to the peer and close of this connection
 * </pre>
 */
public final class TransportPipeline {

    private static final ProtobufDecoder ENVELOPE_DECODER = new ProtobufDecoder(Envelope.getDefaultInstance());
    private static final ProtobufEncoder ENCODER = new ProtobufEncoder();

    private TransportPipeline() {}

    /**
     * The coordinator's per-connection pipeline.
     *
     * @param tls a server context from {@link TlsContexts#server}, or null for a plain connection
     *     (in-VM simulations; the authenticator then has no certificate to check)
     * @param software sent in Welcome, e.g. "fedvae-coordinator 0.1.0"
     * @param application makes the handler that receives the peer's frames after Welcome
     */
    public static ChannelInitializer<Channel> server(
            TransportLimits limits,
            SslContext tls,
            PeerAuthenticator authenticator,
            String software,
            Supplier<? extends ChannelHandler> application) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(software, "software");
        Objects.requireNonNull(application, "application");
        if (tls != null && tls.isClient()) {
            throw new IllegalArgumentException("the server pipeline needs a server TLS context");
        }
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.attr(TransportAttributes.LOCAL_ID).set("");
                SslHandler ssl = tls == null ? null : tls.newHandler(ch.alloc());
                addCommon(ch.pipeline(), limits, ssl);
                ch.pipeline()
                        .addLast(PipelineNames.HANDSHAKE, new ServerHandshakeHandler(limits, authenticator, software));
                addTail(ch.pipeline(), application);
            }
        };
    }

    /**
     * A participant's pipeline to the coordinator; {@link ClientHandshakeHandler#welcome} tells
     * when the coordinator accepted it.
     *
     * @param tls a client context from {@link TlsContexts#client}, or null for a plain connection
     * @param coordinatorName the name the coordinator's certificate must carry (host name or IP);
     *     also sent as SNI. Ignored without TLS.
     * @param coordinatorPort the coordinator's port (part of the TLS session's peer identity)
     * @param participantId this participant's id, sent in Hello and on every frame the transport writes
     * @param software sent in Hello, e.g. "fedvae-participant 0.1.0"
     */
    public static ChannelInitializer<Channel> client(
            TransportLimits limits,
            SslContext tls,
            String coordinatorName,
            int coordinatorPort,
            String participantId,
            String software,
            Supplier<? extends ChannelHandler> application) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(software, "software");
        Objects.requireNonNull(application, "application");
        ParticipantIds.require(participantId);
        if (tls != null && !tls.isClient()) {
            throw new IllegalArgumentException("the client pipeline needs a client TLS context");
        }
        if (tls != null && (coordinatorName == null || coordinatorName.isBlank())) {
            throw new IllegalArgumentException("a TLS client needs the coordinator's expected name");
        }
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.attr(TransportAttributes.LOCAL_ID).set(participantId);
                // The peer host given to the engine is what host name verification and SNI use.
                SslHandler ssl = tls == null ? null : tls.newHandler(ch.alloc(), coordinatorName, coordinatorPort);
                addCommon(ch.pipeline(), limits, ssl);
                ch.pipeline()
                        .addLast(PipelineNames.HANDSHAKE, new ClientHandshakeHandler(limits, participantId, software));
                addTail(ch.pipeline(), application);
            }
        };
    }

    private static void addCommon(ChannelPipeline p, TransportLimits limits, SslHandler ssl) {
        p.addLast(PipelineNames.IDLE_STATE, IdleTimeoutHandler.newIdleStateHandler(limits));
        if (ssl != null) {
            ssl.setHandshakeTimeoutMillis(limits.handshakeTimeout().toMillis());
            p.addLast(PipelineNames.TLS, ssl);
        }
        p.addLast(PipelineNames.FRAME_DECODER, new FrameDecoder(limits));
        p.addLast(PipelineNames.FRAME_ENCODER, new FrameEncoder(limits));
        p.addLast(PipelineNames.MESSAGE_BOUNDS, new MessageBoundsCheck(limits.messageBounds()));
        p.addLast(PipelineNames.PROTOBUF_DECODER, ENVELOPE_DECODER);
        p.addLast(PipelineNames.PROTOBUF_ENCODER, ENCODER);
        p.addLast(PipelineNames.IDLE_TIMEOUT, new IdleTimeoutHandler(limits));
    }

    private static void addTail(ChannelPipeline p, Supplier<? extends ChannelHandler> application) {
        p.addLast(PipelineNames.APPLICATION, Objects.requireNonNull(application.get(), "application handler"));
        p.addLast(PipelineNames.EXCEPTIONS, TransportExceptionHandler.INSTANCE);
    }
}
