package org.fedvae.protocol.transport;

import java.security.PublicKey;

/**
 * Who is on the other end of a server connection, once the handshake accepted it.
 *
 * @param participantId the id from Hello, checked against the TLS client certificate
 * @param identityKey the participant's Ed25519 identity public key (verifies its protocol
 *     signatures); null only where no certificate was checked (plain connections in simulations)
 */
public record AuthenticatedPeer(String participantId, PublicKey identityKey) {

    public AuthenticatedPeer {
        ParticipantIds.require(participantId);
    }

    @Override
    public String toString() {
        return "AuthenticatedPeer[" + participantId + (identityKey == null ? ", no identity key" : "") + "]";
    }
}
