package org.fedvae.coordinator.federation;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.transport.ErrorReply;

/**
 * One connected participant as the round thread sees it: its id, its identity key, and its
 * connection. Everything the coordinator sends it goes through here, which counts the bytes, and
 * nothing is sent once the coordinator decided to close the connection.
 */
final class PeerLink {

    /** The 4-byte length prefix of every frame. */
    static final int FRAME_PREFIX = 4;

    private final String id;
    private final byte[] identityKey;
    private final Channel channel;
    private final TrafficCounter traffic;
    private boolean closing;

    PeerLink(String id, byte[] identityKey, Channel channel, TrafficCounter traffic) {
        this.id = id;
        this.identityKey = identityKey.clone();
        this.channel = channel;
        this.traffic = traffic;
    }

    String id() {
        return id;
    }

    byte[] identityKey() {
        return identityKey.clone();
    }

    Channel channel() {
        return channel;
    }

    void send(Envelope envelope) {
        if (closing) {
            return;
        }
        traffic.sent(envelope.getSerializedSize() + FRAME_PREFIX);
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
        traffic.sent(encoded.readableBytes() + FRAME_PREFIX);
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
