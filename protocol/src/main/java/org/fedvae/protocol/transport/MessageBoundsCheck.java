package org.fedvae.protocol.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.fedvae.protocol.proto.Envelope;

/**
 * Sits between the frame decoder and the protobuf decoder: a frame whose fields exceed its
 * {@link MessageBounds} (those of the side's n_max) is refused (MALFORMED_FRAME, naming the field) before it is
 * parsed.
 */
@Sharable
final class MessageBoundsCheck extends ChannelInboundHandlerAdapter {

    static final MessageBoundsCheck INSTANCE = new MessageBoundsCheck(MessageBounds.PROTOCOL);

    private final MessageBounds bounds;

    MessageBoundsCheck(MessageBounds bounds) {
        this.bounds = bounds;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf frame) {
            try {
                BoundedWireScanner.check(frame.nioBuffer(), Envelope.getDescriptor(), bounds);
            } catch (Exception e) {
                frame.release();
                throw e;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
