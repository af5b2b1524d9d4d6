package org.fedvae.protocol.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.LengthFieldPrepender;
import java.util.List;

/**
 * Prepends the 4-byte big-endian length. Refuses to send a frame the peer would reject as too
 * large, so the failure shows up here (on the write's future) with a clear message.
 */
@Sharable
public final class FrameEncoder extends LengthFieldPrepender {

    private final int maxFrameBytes;

    public FrameEncoder(TransportLimits limits) {
        super(FrameDecoder.LENGTH_BYTES);
        this.maxFrameBytes = limits.maxFrameBytes();
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) throws Exception {
        if (msg.readableBytes() > maxFrameBytes) {
            throw new EncoderException("refusing to send a frame of " + msg.readableBytes() + " bytes: the limit is "
                    + maxFrameBytes + " bytes");
        }
        super.encode(ctx, msg, out);
    }
}
