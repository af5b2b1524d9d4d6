package org.fedvae.coordinator.federation;

import io.netty.channel.Channel;
import io.netty.channel.local.LocalChannel;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.TreeMap;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Hello;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.ParticipantCertificate;
import org.fedvae.protocol.transport.PeerAuthenticator;
import org.fedvae.protocol.transport.TransportException;

/**
 * Authentication for whole federations inside one JVM (Netty's in-VM transport, no TLS): the
 * simulation that creates the participants registers each one's participant certificate (issued
 * by its throwaway federation CA), and a Hello is accepted for exactly those ids. There is no TLS
 * handshake to prove the id, so the claimed id is trusted: only code in the same process can reach
 * an in-VM address, and this authenticator refuses every other kind of channel. The certificates
 * go to the cohorts as in a deployment, so participants authenticate each other the same way.
 */
public final class InVmAuthenticator implements PeerAuthenticator {

    private final Map<String, ParticipantCertificate> participants = new TreeMap<>();

    /** @param certificates participant certificates; each is registered under its CN */
    public InVmAuthenticator(Iterable<X509Certificate> certificates) {
        for (X509Certificate c : certificates) {
            try {
                ParticipantCertificate pc = ParticipantCertificate.of(c);
                participants.put(pc.participantId(), pc);
            } catch (CertificateException e) {
                throw new IllegalArgumentException("not a participant certificate: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public AuthenticatedPeer authenticate(Channel channel, Hello hello) {
        if (!(channel instanceof LocalChannel)) {
            throw new TransportException(
                    ErrorCode.UNAUTHENTICATED, "in-VM authentication only admits in-VM connections");
        }
        ParticipantCertificate pc = participants.get(hello.getParticipantId());
        if (pc == null) {
            throw new TransportException(
                    ErrorCode.UNKNOWN_PARTICIPANT,
                    "participant " + hello.getParticipantId() + " is not part of this simulation");
        }
        return new AuthenticatedPeer(pc.participantId(), pc.identityKey(), pc.certificate());
    }
}
