package org.fedvae.protocol.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Optional;

/** Per-connection state shared by the handlers of one pipeline. */
public final class TransportAttributes {

    /** Server side: set once the handshake accepted the peer. */
    static final AttributeKey<AuthenticatedPeer> PEER = AttributeKey.valueOf("fedvae.peer");
    /** The sender id this side stamps on the frames the transport itself writes ("" for the coordinator). */
    static final AttributeKey<String> LOCAL_ID = AttributeKey.valueOf("fedvae.localId");
    /** Set when the transport decided to close: later input is dropped and only one error is sent. */
    static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf("fedvae.closing");

    private TransportAttributes() {}

    /** The authenticated participant on a server connection, once the handshake accepted it. */
    public static Optional<AuthenticatedPeer> peer(Channel channel) {
        return Optional.ofNullable(channel.attr(PEER).get());
    }

    /** Whether the transport is closing this connection after an error. */
    public static boolean isClosing(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(CLOSING).get());
    }

    static String localId(Channel channel) {
        String id = channel.attr(LOCAL_ID).get();
        return id == null ? "" : id;
    }

    /** For log lines: who the peer is, as far as this side knows, and its address. */
    static String describe(Channel channel) {
        AuthenticatedPeer p = channel.attr(PEER).get();
        String who;
        if (p != null) {
            who = "participant " + p.participantId();
        } else if (!localId(channel).isEmpty()) {
            who = "coordinator"; // only a participant's side has a local id
        } else {
            who = "unauthenticated peer";
        }
        return who + " at " + channel.remoteAddress();
    }
}
