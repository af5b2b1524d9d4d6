package org.fedvae.coordinator.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fedvae.coordinator.enrol.CertificateAuthority;
import org.fedvae.coordinator.enrol.Enrolment;
import org.fedvae.coordinator.enrol.EnrolmentException;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.protocol.cohort.RevocationListIssuer;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.ParticipantCertificate;
import org.fedvae.protocol.transport.PemFiles;

/**
 * What the kit, acting as the coordinator, needs to make its cohorts authentic: the federation
 * CA (its key, on the operator's machine, from FED/ca) to issue real certificates for the kit's
 * members, and the revocation list honest rounds carry: the federation's own (FED/coordinator/crl.pem)
 * while the kit has not needed a newer one, else one the kit signs.
 */
final class KitCredentials {

    /** Validity of a list the kit signs. */
    private static final int DAYS = 1;

    private final CertificateAuthority ca;
    private final X509CRL federationList;
    private byte[] current;
    private long number;

    private KitCredentials(CertificateAuthority ca, X509CRL federationList, byte[] current, long number) {
        this.ca = ca;
        this.federationList = federationList;
        this.current = current;
        this.number = number;
    }

    static KitCredentials load(FederationDirectory fed) throws IOException {
        try {
            CertificateAuthority ca = new Enrolment(fed).authority();
            if (!Files.exists(fed.revocationList())) {
                return new KitCredentials(ca, null, ca.revocationList(1, java.util.Map.of(), DAYS), 1);
            }
            byte[] der = PemFiles.readRevocationList(fed.revocationList());
            X509CRL crl = RevocationListIssuer.parse(der);
            return new KitCredentials(ca, crl, der, RevocationListIssuer.number(crl));
        } catch (EnrolmentException | CRLException e) {
            throw new IOException("the kit needs the federation's CA key and revocation list: " + e.getMessage(), e);
        }
    }

    /** A kit member's certificate (DER), issued by the federation CA. */
    byte[] certificate(String id, byte[] identityPublicKey) {
        try {
            return ca.issueParticipant(
                            id,
                            CertificateAuthority.newTlsKeyPair().getPublic(),
                            IdentityKeys.publicKey(identityPublicKey),
                            1)
                    .getEncoded();
        } catch (EnrolmentException | CertificateEncodingException e) {
            throw new IllegalStateException("the kit cannot issue a certificate for " + id + ": " + e.getMessage(), e);
        }
    }

    /** A participant certificate for {@code id} signed with its own key: what a coordinator without the CA key could make. */
    static byte[] selfSigned(String id, byte[] identityPublicKey) {
        try {
            java.security.KeyPair own = CertificateAuthority.newTlsKeyPair();
            org.bouncycastle.asn1.x500.X500Name subject = new org.bouncycastle.asn1.x500.X500Name("CN=" + id);
            java.time.Instant now = java.time.Instant.now();
            org.bouncycastle.cert.X509v3CertificateBuilder b =
                    new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                                    subject,
                                    java.math.BigInteger.valueOf(now.toEpochMilli()),
                                    java.util.Date.from(now.minusSeconds(300)),
                                    java.util.Date.from(now.plusSeconds(86_400)),
                                    subject,
                                    own.getPublic())
                            .addExtension(
                                    ParticipantCertificate.identityKeyOid(),
                                    false,
                                    SubjectPublicKeyInfo.getInstance(IdentityKeys.publicKey(identityPublicKey)
                                            .getEncoded()));
            return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(own.getPrivate()))
                    .getEncoded();
        } catch (EnrolmentException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("the kit cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** The list honest rounds carry. */
    synchronized byte[] revocationList() {
        return current.clone();
    }

    synchronized long number() {
        return number;
    }

    /** Honest rounds carry a list numbered {@code n} from now on. */
    synchronized void serve(long n) {
        current = signed(n);
        number = n;
    }

    /** A list numbered {@code n} with the federation's revocations, signed by the CA. */
    byte[] signed(long n) {
        try {
            return ca.revocationList(
                    n,
                    federationList == null ? java.util.Map.of() : RevocationListIssuer.entries(federationList),
                    DAYS);
        } catch (EnrolmentException e) {
            throw new IllegalStateException("the kit cannot sign a revocation list: " + e.getMessage(), e);
        }
    }
}
