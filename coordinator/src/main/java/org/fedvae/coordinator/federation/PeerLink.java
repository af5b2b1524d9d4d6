package org.fedvae.coordinator.federation;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.transport.ErrorReply;

/**
 * One connected participant's connection as the round thread sees it. Everything the coordinator
 * sends it goes through here, and nothing is sent once the coordinator decided to close the
 * connection. (The bytes are counted where the frames are decided, in the {@link Outbox}.)
 */
final class PeerLink {

    private final String id;
    private final Channel channel;
    private boolean closing;

    PeerLink(String id, Channel channel) {
        this.id = id;
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    void send(Envelope envelope) {
        if (closing) {
            return;
        }
        channel.writeAndFlush(envelope).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /**
     * Sends an envelope already serialized for several recipients (a 2.6 MB model to a hundred
     * participants is then encoded once and held in memory once). The pipeline's protobuf
     * encoder passes bytes through and the frame encoder adds the length prefix, as for any
     * envelope. Takes over one reference of {@code encoded}.
     */
    ChannelFuture sendEncoded(ByteBuf encoded) {
        if (closing) {
            encoded.release();
            return channel.newSucceededFuture();
        }
        ChannelFuture f = channel.writeAndFlush(encoded);
        f.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        return f;
    }

    /** Sends the error and closes this connection: the participant leaves whatever round it is in. */
    void refuse(ErrorCode code, String message) {
        if (closing) {
            return;
        }
        closing = true;
        ErrorReply.closeWith(channel, code, message);
    }

    /** Closes without a word (the participant reported an error of its own). */
    void close(String why) {
        if (closing) {
            return;
        }
        closing = true;
        ErrorReply.closeSilently(channel, why);
    }

    /** Sends a last, already serialized envelope (see {@link #sendEncoded}), then closes once it has gone out. */
    void sendAndClose(ByteBuf encoded) {
        if (closing) {
            encoded.release();
            return;
        }
        sendEncoded(encoded).addListener(ChannelFutureListener.CLOSE);
        closing = true;
    }

    @Override
    public String toString() {
        return "participant " + id;
    }
}
