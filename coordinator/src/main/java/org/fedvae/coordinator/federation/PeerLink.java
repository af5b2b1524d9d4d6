package org.fedvae.coordinator.federation;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.Arrays;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.transport.ErrorReply;

/**
 * One connected participant as the round thread sees it: its id, its identity key, and its
 * connection. Everything the coordinator sends goes through {@link #send}, which counts bytes.
 */
final class PeerLink {

    /** The 4-byte length prefix of every frame. */
    static final int FRAME_PREFIX = 4;

    private final String id;
    private final byte[] identityKey;
    private final Channel channel;
    private final TrafficCounter traffic;
    private boolean refused;

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

    boolean isRefused() {
        return refused;
    }

    void send(Envelope envelope) {
        if (refused) {
            return;
        }
        traffic.sent(envelope.getSerializedSize() + FRAME_PREFIX);
        channel.writeAndFlush(envelope).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /** Sends the error and closes this connection: the participant leaves whatever round it is in. */
    void refuse(ErrorCode code, String message) {
        if (refused) {
            return;
        }
        refused = true;
        ErrorReply.closeWith(channel, code, message);
    }

    /** Sends a last envelope, then closes the connection once it has gone out. */
    void sendAndClose(Envelope envelope) {
        if (refused) {
            return;
        }
        refused = true;
        traffic.sent(envelope.getSerializedSize() + FRAME_PREFIX);
        channel.writeAndFlush(envelope).addListener(ChannelFutureListener.CLOSE);
    }

    boolean sameKey(byte[] other) {
        return Arrays.equals(identityKey, other);
    }

    @Override
    public String toString() {
        return "participant " + id;
    }
}
