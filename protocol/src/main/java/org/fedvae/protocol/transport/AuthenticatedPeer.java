package org.fedvae.protocol.transport;

import java.security.PublicKey;
import java.security.cert.X509Certificate;

/**
 * Who is on the other end of a server connection, once the handshake accepted it.
 *
 * @param participantId the id from Hello, checked against the TLS client certificate
 * @param identityKey the participant's Ed25519 identity public key (verifies its protocol
 *     signatures); null only where no certificate was checked (plain connections in tests)
 * @param certificate the participant's certificate (from TLS, or registered by an in-VM
 *     simulation), which the coordinator forwards to the rest of each cohort; null where there is none
 */
public record AuthenticatedPeer(String participantId, PublicKey identityKey, X509Certificate certificate) {

    public AuthenticatedPeer {
        ParticipantIds.require(participantId);
    }

    /** A peer without a certificate (transport tests): its cohorts cannot authenticate it. */
    public AuthenticatedPeer(String participantId, PublicKey identityKey) {
        this(participantId, identityKey, null);
    }

    @Override
    public String toString() {
        return "AuthenticatedPeer[" + participantId + (identityKey == null ? ", no identity key" : "")
                + (certificate == null ? ", no certificate" : "") + "]";
    }
}
