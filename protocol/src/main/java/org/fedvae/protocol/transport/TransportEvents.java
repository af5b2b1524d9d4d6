package org.fedvae.protocol.transport;

import org.fedvae.protocol.proto.Welcome;

/** User events the transport fires to the application handler once a handshake succeeded. */
public final class TransportEvents {

    private TransportEvents() {}

    /** Server side: a participant passed version check and authentication and was sent Welcome. */
    public record PeerAccepted(AuthenticatedPeer peer) {}

    /** Client side: the coordinator sent Welcome. */
    public record Welcomed(Welcome welcome) {}
}
