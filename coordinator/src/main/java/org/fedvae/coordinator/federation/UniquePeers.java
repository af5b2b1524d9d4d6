package org.fedvae.coordinator.federation;

import io.netty.channel.Channel;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Hello;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.PeerAuthenticator;
import org.fedvae.protocol.transport.TransportException;

/**
 * Wraps the federation's authenticator: after it accepts a peer, the peer must also carry an
 * identity key (secure aggregation verifies its signatures with it) and its id must not be
 * connected already. The id is claimed during the handshake, before Welcome, and released when
 * that connection closes, so a second connection with the same id is refused with
 * DUPLICATE_PARTICIPANT and the first one is not disturbed. Runs on the connections' event loops,
 * hence the one concurrent map.
 */
final class UniquePeers implements PeerAuthenticator {

    private final PeerAuthenticator delegate;
    private final ConcurrentHashMap<String, Channel> connected = new ConcurrentHashMap<>();

    UniquePeers(PeerAuthenticator delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public AuthenticatedPeer authenticate(Channel channel, Hello hello) {
        AuthenticatedPeer peer = delegate.authenticate(channel, hello);
        if (peer == null) {
            return null;
        }
        if (peer.identityKey() == null) {
            throw new TransportException(
                    ErrorCode.UNAUTHENTICATED,
                    "participant " + peer.participantId()
                            + " has no identity key, so its secure-aggregation signatures could not be verified");
        }
        String id = peer.participantId();
        Channel holder = connected.putIfAbsent(id, channel);
        if (holder != null && holder != channel) {
            throw new TransportException(
                    ErrorCode.DUPLICATE_PARTICIPANT,
                    "participant " + id + " is already connected (from " + holder.remoteAddress()
                            + "); one connection per participant");
        }
        channel.closeFuture().addListener(f -> connected.remove(id, channel));
        return peer;
    }
}
