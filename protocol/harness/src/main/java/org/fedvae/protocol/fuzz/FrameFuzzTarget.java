package org.fedvae.protocol.fuzz;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.protocol.transport.TransportPipeline;
import org.fedvae.protocol.vectors.FramingVectors;

/**
 * Feeds byte chunks to the real transport pipeline of either side (no TLS) in an
 * EmbeddedChannel. Invariants: nothing reaches the end of the pipeline as an exception; what the
 * side writes back is whole frames, each a valid Envelope; an ErrorMessage is never INTERNAL (that
 * would be a bug of ours) and is followed by the close of the connection.
 */
final class FrameFuzzTarget {

    /** Small, so that large length prefixes are exercised cheaply. */
    static final TransportLimits LIMITS = TransportLimits.DEFAULTS.withMaxFrameBytes(4096);

    private FrameFuzzTarget() {}

    static Verdict run(FuzzInput in) {
        boolean server = in.side().equals("server");
        EmbeddedChannel ch = new EmbeddedChannel(
                server
                        ? TransportPipeline.server(
                                LIMITS,
                                null,
                                (c, hello) -> new AuthenticatedPeer(hello.getParticipantId(), null),
                                "fuzz-coordinator",
                                Swallow::new)
                        : TransportPipeline.client(
                                LIMITS, null, "localhost", 1, "site-a", "fuzz-participant", Swallow::new));
        try {
            if (in.flag()) {
                byte[] first = server
                        ? Envelopes.hello("site-a", "fuzz").toByteArray()
                        : Envelopes.welcome("fuzz").toByteArray();
                ch.writeInbound(Unpooled.wrappedBuffer(FramingVectors.framed(first)));
            }
            for (byte[] chunk : in.data()) {
                if (!ch.isOpen()) {
                    break;
                }
                ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            }
            ch.runPendingTasks();
            try {
                ch.checkException();
            } catch (Throwable t) {
                return Verdict.failed("frame", "exception escaped the pipeline: " + t);
            }
            return checkOutput(ch);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static Verdict checkOutput(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) o);
            ReferenceCountUtil.release(o);
        }
        try {
            boolean error = false;
            while (all.readableBytes() >= 4) {
                int len = all.readInt();
                if (len < 0 || len > all.readableBytes()) {
                    return Verdict.failed(
                            "frame", "wrote a frame whose length prefix " + len + " exceeds what follows");
                }
                byte[] body = new byte[len];
                all.readBytes(body);
                Envelope e;
                try {
                    e = Envelope.parseFrom(body);
                } catch (InvalidProtocolBufferException x) {
                    return Verdict.failed("frame", "wrote a frame that is not an Envelope");
                }
                if (e.hasError()) {
                    error = true;
                    if (e.getError().getCode() == ErrorCode.INTERNAL) {
                        return Verdict.failed(
                                "frame", "answered INTERNAL: " + e.getError().getMessage());
                    }
                }
            }
            if (all.isReadable()) {
                return Verdict.failed("frame", "wrote " + all.readableBytes() + " bytes that are not a whole frame");
            }
            if (error && ch.isOpen()) {
                return Verdict.failed("frame", "sent an ErrorMessage but kept the connection open");
            }
            return Verdict.ok(error ? "frame-refused" : "frame-accepted");
        } finally {
            all.release();
        }
    }

    private static final class Swallow extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
