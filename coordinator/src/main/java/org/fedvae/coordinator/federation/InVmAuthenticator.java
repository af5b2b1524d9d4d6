package org.fedvae.coordinator.federation;

import io.netty.channel.Channel;
import io.netty.channel.local.LocalChannel;
import java.security.PublicKey;
import java.util.Map;
import java.util.TreeMap;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Hello;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.ParticipantIds;
import org.fedvae.protocol.transport.PeerAuthenticator;
import org.fedvae.protocol.transport.TransportException;

/**
 * Authentication for whole federations inside one JVM (Netty's in-VM transport, no TLS): the
 * simulation that creates the participants hands over each one's Ed25519 identity public key,
 * and a Hello is accepted for exactly those ids. There is no certificate to check, so the
 * claimed id is trusted: only code in the same process can reach an in-VM address, and this
 * authenticator refuses every other kind of channel.
 */
public final class InVmAuthenticator implements PeerAuthenticator {

    private final Map<String, PublicKey> identities = new TreeMap<>();

    /** @param identityKeys participant id to its 32-byte Ed25519 identity public key */
    public InVmAuthenticator(Map<String, byte[]> identityKeys) {
        identityKeys.forEach((id, key) -> identities.put(ParticipantIds.require(id), IdentityKeys.publicKey(key)));
    }

    @Override
    public AuthenticatedPeer authenticate(Channel channel, Hello hello) {
        if (!(channel instanceof LocalChannel)) {
            throw new TransportException(ErrorCode.UNAUTHENTICATED, "in-VM authentication only admits in-VM connections");
        }
        PublicKey key = identities.get(hello.getParticipantId());
        if (key == null) {
            throw new TransportException(ErrorCode.UNKNOWN_PARTICIPANT, "participant " + hello.getParticipantId()
                    + " is not part of this simulation");
        }
        return new AuthenticatedPeer(hello.getParticipantId(), key);
    }
}
