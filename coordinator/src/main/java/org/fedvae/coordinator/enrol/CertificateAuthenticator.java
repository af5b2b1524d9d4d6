package org.fedvae.coordinator.enrol;

import io.netty.channel.Channel;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Hello;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.ParticipantCertificate;
import org.fedvae.protocol.transport.PeerAuthenticator;
import org.fedvae.protocol.transport.TlsContexts;
import org.fedvae.protocol.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who a participant is after mutual TLS: the TLS handshake already proved the client
 * holds the key of a certificate signed by the federation CA; this maps that certificate to a
 * participant id and admits it only if the allowlist lists exactly that certificate as active,
 * and the Hello names the same id.
 */
public final class CertificateAuthenticator implements PeerAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthenticator.class);

    private final AllowlistFile allowlist;

    public CertificateAuthenticator(AllowlistFile allowlist) {
        this.allowlist = allowlist;
    }

    @Override
    public AuthenticatedPeer authenticate(Channel channel, Hello hello) {
        X509Certificate cert = TlsContexts.peerCertificate(channel)
                .orElseThrow(() -> new TransportException(
                        ErrorCode.UNAUTHENTICATED, "no client certificate: participants must connect with mutual TLS"));
        ParticipantCertificate pc;
        try {
            pc = ParticipantCertificate.of(cert);
        } catch (CertificateException e) {
            throw new TransportException(ErrorCode.UNAUTHENTICATED, e.getMessage());
        }
        String id = pc.participantId();
        if (!id.equals(hello.getParticipantId())) {
            throw new TransportException(
                    ErrorCode.UNAUTHENTICATED,
                    "Hello claims participant id " + hello.getParticipantId() + " but the TLS certificate is that of "
                            + id);
        }
        Allowlist list;
        try {
            list = allowlist.current();
        } catch (EnrolmentException e) {
            // Fail closed: nobody is admitted while the allowlist cannot be read.
            LOG.error("refusing {}: {}", id, e.getMessage());
            throw new TransportException(ErrorCode.INTERNAL, "the coordinator cannot read its allowlist");
        }
        AllowlistEntry entry = list.get(id)
                .orElseThrow(() -> new TransportException(
                        ErrorCode.UNKNOWN_PARTICIPANT, "participant " + id + " is not enrolled with this coordinator"));
        if (entry.revoked()) {
            throw new TransportException(ErrorCode.UNAUTHENTICATED, "participant " + id + " has been revoked");
        }
        if (!entry.matches(pc)) {
            throw new TransportException(
                    ErrorCode.UNAUTHENTICATED,
                    "this certificate of " + id + " (sha256 " + pc.fingerprint()
                            + ") is not the one enrolled; was the participant re-enrolled?");
        }
        return new AuthenticatedPeer(id, pc.identityKey(), cert);
    }
}
