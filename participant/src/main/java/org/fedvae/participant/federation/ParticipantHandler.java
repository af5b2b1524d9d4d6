package org.fedvae.participant.federation;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.fedvae.protocol.proto.Envelope;

/** The application end of the connection to the coordinator: every envelope goes to the session. */
final class ParticipantHandler extends ChannelInboundHandlerAdapter {

    private final ParticipantSession session;

    ParticipantHandler(ParticipantSession session) {
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        session.received(ctx.channel(), (Envelope) msg);
    }
}
