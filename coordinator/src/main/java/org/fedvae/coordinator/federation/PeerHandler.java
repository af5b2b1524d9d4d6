package org.fedvae.coordinator.federation;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.RejectedExecutionException;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.TransportAttributes;
import org.fedvae.protocol.transport.TransportEvents;

/**
 * The application end of one participant's pipeline: hands the accepted peer, its envelopes and
 * its disconnect to the round thread, in the order they happened. No round logic here.
 */
final class PeerHandler extends ChannelInboundHandlerAdapter {

    private final RoundThread thread;
    private final ActionExecutor rounds;
    private final ChannelGroup connections;
    private String participantId;

    PeerHandler(RoundThread thread, ActionExecutor rounds, ChannelGroup connections) {
        this.thread = thread;
        this.rounds = rounds;
        this.connections = connections;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connections.add(ctx.channel());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof TransportEvents.PeerAccepted accepted) {
            AuthenticatedPeer peer = accepted.peer();
            participantId = peer.participantId();
            thread.execute(() -> rounds.connected(peer, ctx.channel()));
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * Reading pauses until the round thread took the envelope, so one participant cannot queue
     * up frames (each up to the frame limit) faster than the rounds consume them.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        String id = participantId;
        if (id == null) {
            return;
        }
        Envelope e = (Envelope) msg;
        Channel channel = ctx.channel();
        channel.config().setAutoRead(false);
        thread.execute(() -> {
            try {
                rounds.received(id, channel, e);
            } finally {
                resumeReading(channel);
            }
        });
    }

    private static void resumeReading(Channel channel) {
        if (!channel.isActive() || TransportAttributes.isClosing(channel)) {
            return;
        }
        try {
            channel.config().setAutoRead(true);
        } catch (RejectedExecutionException shuttingDown) {
            // the coordinator is stopping; nothing more will be read anyway
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        String id = participantId;
        if (id != null) {
            thread.execute(() -> rounds.disconnected(id, ctx.channel()));
        }
        super.channelInactive(ctx);
    }
}
