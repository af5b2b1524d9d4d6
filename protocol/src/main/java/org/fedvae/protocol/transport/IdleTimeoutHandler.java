package org.fedvae.protocol.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;

/**
 * Acts on the events of an {@link IdleStateHandler} (see {@link #newIdleStateHandler}): a peer
 * silent for the idle timeout is closed with TIMEOUT; after a third of it without writing, this
 * side sends a Heartbeat. Inbound heartbeats are consumed here. A participant busy training for
 * minutes thus keeps its connection, and only a stalled peer or a dead link is dropped.
 */
public final class IdleTimeoutHandler extends ChannelDuplexHandler {

    private final TransportLimits limits;

    public IdleTimeoutHandler(TransportLimits limits) {
        this.limits = limits;
    }

    /** The matching IdleStateHandler, to be placed nearer the head of the pipeline. */
    public static IdleStateHandler newIdleStateHandler(TransportLimits limits) {
        return new IdleStateHandler(
                false,
                limits.idleTimeout().toMillis(),
                limits.heartbeatInterval().toMillis(),
                0,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                ErrorReply.closeWith(
                        ctx.channel(),
                        ErrorCode.TIMEOUT,
                        "nothing received for " + limits.idleTimeout().toMillis() + " ms");
            } else if (idle.state() == IdleState.WRITER_IDLE && !TransportAttributes.isClosing(ctx.channel())) {
                ctx.writeAndFlush(Envelopes.heartbeat(TransportAttributes.localId(ctx.channel())))
                        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof Envelope e && e.getBodyCase() == Envelope.BodyCase.HEARTBEAT) {
            return; // its arrival already reset the IdleStateHandler's reader timer
        }
        super.channelRead(ctx, msg);
    }
}
