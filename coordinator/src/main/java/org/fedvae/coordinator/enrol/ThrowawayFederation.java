package org.fedvae.coordinator.enrol;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.fedvae.protocol.transport.IdentityKeys;

/**
 * A federation CA that lives in memory only, for whole federations inside one process
 * (simulations, tests): it issues each simulated site's participant certificate and signs the
 * revocation list the coordinator passes along, so that participants authenticate their cohorts
 * exactly as in a deployment. Its key never touches a disk and dies with the process.
 */
public final class ThrowawayFederation {

    /** Long enough for any simulation. */
    static final int DAYS = 2;

    private final CertificateAuthority ca;
    private final byte[] revocationList;

    private ThrowawayFederation(CertificateAuthority ca) throws EnrolmentException {
        this.ca = ca;
        this.revocationList = ca.revocationList(1, Map.of(), Enrolment.DEFAULT_CRL_DAYS);
    }

    public static ThrowawayFederation create(String name) throws EnrolmentException {
        return new ThrowawayFederation(CertificateAuthority.create(name, DAYS));
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** The certificate of site {@code participantId}: its identity key (32 raw bytes) and a fresh TLS key nobody uses in-VM. */
    public X509Certificate issue(String participantId, byte[] identityPublicKey) throws EnrolmentException {
        PublicKey identity = IdentityKeys.publicKey(identityPublicKey);
        return ca.issueParticipant(
                participantId, CertificateAuthority.newTlsKeyPair().getPublic(), identity, DAYS);
    }

    /** The revocation list (DER): number 1, empty. */
    public byte[] revocationList() {
        return revocationList.clone();
    }
}
