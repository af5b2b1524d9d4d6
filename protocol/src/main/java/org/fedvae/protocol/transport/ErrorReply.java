package org.fedvae.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends one connection because of its peer: logs one line, sends one ErrorMessage, closes. Only
 * that channel is touched, so the coordinator keeps serving everyone else.
 */
public final class ErrorReply {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReply.class);

    /** A peer that does not read cannot hold the connection open by leaving our error unflushed. */
    static final long CLOSE_GRACE_MILLIS = 2_000;
    /** Messages can embed peer bytes (e.g. a hex dump of a non-TLS record); one line stays one short line. */
    static final int MAX_LOGGED_CHARS = 300;

    private ErrorReply() {}

    /** Sends {@code code}/{@code message} to the peer and closes; later calls on the same channel do nothing. */
    public static void closeWith(Channel channel, ErrorCode code, String message) {
        if (!markClosing(channel)) {
            return;
        }
        LOG.warn(
                "closing connection with {}: {}: {}",
                TransportAttributes.describe(channel),
                code,
                LogText.clip(message, MAX_LOGGED_CHARS));
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        channel.writeAndFlush(Envelopes.error(TransportAttributes.localId(channel), code, message))
                .addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop()
                .schedule(
                        () -> {
                            channel.close();
                        },
                        CLOSE_GRACE_MILLIS,
                        TimeUnit.MILLISECONDS);
    }

    /** Closes without a reply, for when the peer cannot receive one (TLS failed, connection lost, it sent an error). */
    public static void closeSilently(Channel channel, String why) {
        if (!markClosing(channel)) {
            return;
        }
        LOG.warn(
                "closing connection with {}: {}",
                TransportAttributes.describe(channel),
                LogText.clip(why, MAX_LOGGED_CHARS));
        channel.close();
    }

    /** Marks the channel as closing and stops reading from it; false if it already was. */
    private static boolean markClosing(Channel channel) {
        if (channel.attr(TransportAttributes.CLOSING).setIfAbsent(Boolean.TRUE) != null) {
            return false;
        }
        channel.config().setAutoRead(false);
        return true;
    }
}
