package org.fedvae.protocol.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every pipeline: turns whatever went wrong on one connection into one log
 * line, an ErrorMessage to that peer where it can still receive one, and a close of that
 * connection only. Nothing is rethrown, so nothing reaches Netty's tail handler.
 */
@Sharable
public final class TransportExceptionHandler extends ChannelInboundHandlerAdapter {

    public static final TransportExceptionHandler INSTANCE = new TransportExceptionHandler();

    private static final Logger LOG = LoggerFactory.getLogger(TransportExceptionHandler.class);

    private TransportExceptionHandler() {}

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (TransportAttributes.isClosing(ctx.channel())) {
            return; // already answered; later failures on a closing connection say nothing new
        }
        TransportException te = find(cause, TransportException.class);
        if (te != null) {
            ErrorReply.closeWith(ctx.channel(), te.code(), te.getMessage());
        } else if (find(cause, SSLException.class) != null || find(cause, NotSslRecordException.class) != null) {
            // No TLS session to carry an ErrorMessage; the TLS alert (if any) is the answer.
            ErrorReply.closeSilently(ctx.channel(), "TLS failure: " + rootMessage(cause));
        } else if (find(cause, TooLongFrameException.class) != null) {
            ErrorReply.closeWith(
                    ctx.channel(),
                    ErrorCode.FRAME_TOO_LARGE,
                    find(cause, TooLongFrameException.class).getMessage());
        } else if (find(cause, InvalidProtocolBufferException.class) != null) {
            ErrorReply.closeWith(
                    ctx.channel(), ErrorCode.MALFORMED_FRAME, "not a valid Envelope: " + rootMessage(cause));
        } else if (cause instanceof DecoderException) {
            ErrorReply.closeWith(ctx.channel(), ErrorCode.MALFORMED_FRAME, "undecodable frame: " + rootMessage(cause));
        } else if (cause instanceof IOException) {
            ErrorReply.closeSilently(ctx.channel(), "connection failed: " + cause.getMessage());
        } else {
            // A bug on this side, triggered by this peer: it leaves; the details stay in our log.
            LOG.error("internal error on connection with {}", TransportAttributes.describe(ctx.channel()), cause);
            ErrorReply.closeWith(
                    ctx.channel(), ErrorCode.INTERNAL, "internal error; see the log of the side that sent this");
        }
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        for (int depth = 0; root.getCause() != null && depth < 10; depth++) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
