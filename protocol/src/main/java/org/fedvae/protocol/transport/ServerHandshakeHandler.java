package org.fedvae.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Hello;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's side of the handshake. The first frame must be a Hello of a supported
 * version, it must arrive within the handshake timeout (counted from connect, so it covers TLS
 * too), and the {@link PeerAuthenticator} must accept it. Then this handler sends Welcome,
 * records the peer, raises the frame limit and replaces itself with an {@link EnvelopeValidator}.
 * Every refusal is an ErrorMessage and a close of this connection only.
 */
public final class ServerHandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ServerHandshakeHandler.class);
    static final int MAX_SOFTWARE_CHARS = 128;

    private final TransportLimits limits;
    private final PeerAuthenticator authenticator;
    private final String software;
    private ScheduledFuture<?> deadline;

    public ServerHandshakeHandler(TransportLimits limits, PeerAuthenticator authenticator, String software) {
        this.limits = limits;
        this.authenticator = authenticator;
        this.software = software;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startDeadline(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startDeadline(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (TransportAttributes.isClosing(ctx.channel())) {
            return;
        }
        Envelope e = (Envelope) msg;
        if (e.getBodyCase() == Envelope.BodyCase.ERROR) {
            ErrorReply.closeSilently(
                    ctx.channel(),
                    "peer sent " + e.getError().getCode() + " before Hello: "
                            + LogText.quote(e.getError().getMessage()));
            return;
        }
        Hello hello = checkHello(e);
        AuthenticatedPeer peer = authenticator.authenticate(ctx.channel(), hello);
        if (peer == null || !peer.participantId().equals(hello.getParticipantId())) {
            throw new IllegalStateException(
                    "authenticator returned " + peer + " for Hello of " + hello.getParticipantId());
        }
        accept(ctx, peer, hello);
    }

    /** Returns the Hello if the frame is a well-formed one of a supported version; throws otherwise. */
    private static Hello checkHello(Envelope e) {
        if (!ProtocolVersion.isSupported(e.getProtocolVersion())) {
            throw new TransportException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "protocol version "
                            + Integer.toUnsignedString(e.getProtocolVersion())
                            + " is not supported; this coordinator speaks version " + ProtocolVersion.CURRENT
                            + (Integer.compareUnsigned(e.getProtocolVersion(), ProtocolVersion.CURRENT) < 0
                                    ? " (upgrade the participant)"
                                    : ""));
        }
        if (e.getBodyCase() != Envelope.BodyCase.HELLO) {
            throw new TransportException(
                    ErrorCode.WRONG_STAGE, "the first message must be Hello, got " + e.getBodyCase());
        }
        Hello hello = e.getHello();
        if (hello.getProtocolVersion() != e.getProtocolVersion()) {
            throw new TransportException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "Hello announces protocol version "
                            + Integer.toUnsignedString(hello.getProtocolVersion()) + " in an envelope of version "
                            + Integer.toUnsignedString(e.getProtocolVersion()));
        }
        if (!ParticipantIds.isValid(hello.getParticipantId())) {
            throw new TransportException(
                    ErrorCode.UNKNOWN_PARTICIPANT, "invalid participant id " + LogText.quote(hello.getParticipantId()));
        }
        if (!hello.getParticipantId().equals(e.getSender())) {
            throw new TransportException(
                    ErrorCode.UNAUTHENTICATED,
                    "Hello for " + hello.getParticipantId() + " sent with sender " + LogText.quote(e.getSender()));
        }
        if (hello.getSoftware().length() > MAX_SOFTWARE_CHARS) {
            throw new TransportException(
                    ErrorCode.MALFORMED_FRAME, "software name longer than " + MAX_SOFTWARE_CHARS + " characters");
        }
        return hello;
    }

    private void accept(ChannelHandlerContext ctx, AuthenticatedPeer peer, Hello hello) {
        cancelDeadline();
        ctx.channel().attr(TransportAttributes.PEER).set(peer);
        FrameDecoder frames = ctx.pipeline().get(FrameDecoder.class);
        if (frames != null) {
            frames.handshakeComplete();
        }
        LOG.info(
                "participant {} connected from {} ({})",
                peer.participantId(),
                ctx.channel().remoteAddress(),
                LogText.quote(hello.getSoftware()));
        ctx.writeAndFlush(Envelopes.welcome(software));
        ctx.pipeline()
                .replace(
                        this,
                        PipelineNames.ENVELOPE_VALIDATOR,
                        new EnvelopeValidator(ProtocolVersion.CURRENT, peer.participantId()));
        ctx.pipeline()
                .context(PipelineNames.ENVELOPE_VALIDATOR)
                .fireUserEventTriggered(new TransportEvents.PeerAccepted(peer));
    }

    private void startDeadline(ChannelHandlerContext ctx) {
        if (deadline != null) {
            return;
        }
        long millis = limits.handshakeTimeout().toMillis();
        deadline = ctx.executor()
                .schedule(
                        () -> ErrorReply.closeWith(
                                ctx.channel(),
                                ErrorCode.TIMEOUT,
                                "no valid Hello within " + millis + " ms of connecting"),
                        millis,
                        TimeUnit.MILLISECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
