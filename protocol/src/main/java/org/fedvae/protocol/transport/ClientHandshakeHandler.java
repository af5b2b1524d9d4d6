package org.fedvae.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Welcome;

/**
 * The participant's side of the handshake: sends Hello as soon as the connection is up (behind
 * TLS, the write waits for the TLS handshake), then requires Welcome of a supported version
 * within the handshake timeout. The outcome is {@link #welcome(Channel)}: the Welcome, or a
 * {@link TransportException} with the coordinator's error code.
 */
public final class ClientHandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Promise<Welcome>> WELCOME = AttributeKey.valueOf("fedvae.welcome");

    private final TransportLimits limits;
    private final String participantId;
    private final String software;
    private Promise<Welcome> promise;
    private ScheduledFuture<?> deadline;

    public ClientHandshakeHandler(TransportLimits limits, String participantId, String software) {
        this.limits = limits;
        this.participantId = ParticipantIds.require(participantId);
        this.software = software;
    }

    /** The handshake's outcome on a channel built by {@link TransportPipeline#client}. */
    public static Future<Welcome> welcome(Channel channel) {
        Promise<Welcome> p = channel.attr(WELCOME).get();
        if (p == null) {
            throw new IllegalArgumentException("channel has no FedVAE client handshake: " + channel);
        }
        return p;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().attr(TransportAttributes.LOCAL_ID).set(participantId);
        promise = ctx.executor().newPromise();
        ctx.channel().attr(WELCOME).set(promise);
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        promise.tryFailure(
                new IOException("connection to " + ctx.channel().remoteAddress() + " closed before Welcome"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        // Failing here (TLS refused, connection reset, ...) is the caller's answer; the exception
        // handler further on still logs it and closes.
        promise.tryFailure(cause);
        super.exceptionCaught(ctx, cause);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (TransportAttributes.isClosing(ctx.channel())) {
            return;
        }
        Envelope e = (Envelope) msg;
        if (e.getBodyCase() == Envelope.BodyCase.ERROR) {
            TransportException refused = new TransportException(
                    e.getError().getCode(),
                    "coordinator refused: " + LogText.quote(e.getError().getMessage()));
            promise.tryFailure(refused);
            ErrorReply.closeSilently(ctx.channel(), refused.toString());
            return;
        }
        Welcome welcome = checkWelcome(e);
        cancelDeadline();
        FrameDecoder frames = ctx.pipeline().get(FrameDecoder.class);
        if (frames != null) {
            frames.handshakeComplete();
        }
        ctx.pipeline()
                .replace(this, PipelineNames.ENVELOPE_VALIDATOR, new EnvelopeValidator(ProtocolVersion.CURRENT, null));
        promise.trySuccess(welcome);
        ctx.pipeline()
                .context(PipelineNames.ENVELOPE_VALIDATOR)
                .fireUserEventTriggered(new TransportEvents.Welcomed(welcome));
    }

    private static Welcome checkWelcome(Envelope e) {
        if (!ProtocolVersion.isSupported(e.getProtocolVersion())) {
            throw new TransportException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "coordinator speaks protocol version "
                            + Integer.toUnsignedString(e.getProtocolVersion()) + "; this participant speaks version "
                            + ProtocolVersion.CURRENT
                            + (Integer.compareUnsigned(e.getProtocolVersion(), ProtocolVersion.CURRENT) < 0
                                    ? " (upgrade the coordinator)"
                                    : ""));
        }
        if (e.getBodyCase() != Envelope.BodyCase.WELCOME) {
            throw new TransportException(ErrorCode.WRONG_STAGE, "expected Welcome, got " + e.getBodyCase());
        }
        Welcome w = e.getWelcome();
        if (!w.getAccepted()) {
            throw new TransportException(ErrorCode.UNAUTHENTICATED, "coordinator sent a Welcome that does not accept");
        }
        if (w.getProtocolVersion() != e.getProtocolVersion()) {
            throw new TransportException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "Welcome announces protocol version " + Integer.toUnsignedString(w.getProtocolVersion())
                            + " in an envelope of version " + e.getProtocolVersion());
        }
        return w;
    }

    private void start(ChannelHandlerContext ctx) {
        if (deadline != null) {
            return;
        }
        long millis = limits.handshakeTimeout().toMillis();
        deadline = ctx.executor()
                .schedule(
                        () -> {
                            TransportException timeout =
                                    new TransportException(ErrorCode.TIMEOUT, "no Welcome within " + millis + " ms");
                            promise.tryFailure(timeout);
                            ErrorReply.closeWith(ctx.channel(), ErrorCode.TIMEOUT, timeout.getMessage());
                        },
                        millis,
                        TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(Envelopes.hello(participantId, software));
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
