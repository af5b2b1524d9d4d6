package org.fedvae.protocol.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits the byte stream into frames: a 4-byte big-endian unsigned length, then that many bytes.
 * A length above the limit fails as soon as the prefix arrives, before anything is buffered.
 * The limit is {@link TransportLimits#handshakeMaxFrameBytes()} until {@link #handshakeComplete()}.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    static final int LENGTH_BYTES = 4;

    private final int maxFrameBytes;
    private int limit;
    private boolean failed;

    public FrameDecoder(TransportLimits limits) {
        // The parent's own limit counts the prefix too; it is only a backstop behind ours.
        super(limits.maxFrameBytes() + LENGTH_BYTES, 0, LENGTH_BYTES, 0, LENGTH_BYTES, true);
        this.maxFrameBytes = limits.maxFrameBytes();
        this.limit = limits.handshakeMaxFrameBytes();
    }

    /** Raises the limit to the full frame size; the handshake handlers call it once the peer is accepted. */
    public void handshakeComplete() {
        limit = maxFrameBytes;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (failed) {
            // The connection is being closed; its remaining bytes mean nothing.
            in.skipBytes(in.readableBytes());
            return null;
        }
        if (in.readableBytes() >= LENGTH_BYTES) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > limit) {
                failed = true;
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("frame of " + length + " bytes exceeds the limit of " + limit + " bytes"
                        + (limit < maxFrameBytes ? " before the handshake completes" : ""));
            }
        }
        return super.decode(ctx, in);
    }
}
