package org.fedvae.protocol.harness;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fedvae.protocol.cohort.RevocationList;
import org.fedvae.protocol.cohort.RevocationListIssuer;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.ParticipantCertificate;

/**
 * A federation CA for tests of modules without enrolment (the protocol, the participant): issues
 * participant certificates (CN = id, the identity key in the FedVAE extension) and revocation
 * lists, and makes the forgeries a lying coordinator would try: an impostor CA with the same name
 * but another key, and self-signed member certificates.
 */
public final class TestFederationCa {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestFederationCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A fresh CA named {@code name}. */
    public static TestFederationCa create(String name) {
        KeyPair keys = ec();
        X500Name subject = new X500Name("CN=" + name + ",O=FedVAE");
        return new TestFederationCa(
                keys, build(subject, keys.getPrivate(), subject, keys.getPublic(), true, null, Duration.ofDays(2)));
    }

    /** A CA with the same name as {@code real} but its own key: what a coordinator without the CA key could make. */
    public static TestFederationCa impostorOf(TestFederationCa real) {
        KeyPair keys = ec();
        X500Name subject =
                X500Name.getInstance(real.certificate.getSubjectX500Principal().getEncoded());
        return new TestFederationCa(
                keys, build(subject, keys.getPrivate(), subject, keys.getPublic(), true, null, Duration.ofDays(2)));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey key() {
        return keys.getPrivate();
    }

    /** A participant certificate for {@code participantId} with its raw 32-byte identity key, valid now. */
    public X509Certificate issue(String participantId, byte[] identityPublicKey) {
        return issue(participantId, identityPublicKey, Duration.ofDays(1));
    }

    /** As {@link #issue(String, byte[])}; a negative {@code validity} makes a certificate that expired a day ago. */
    public X509Certificate issue(String participantId, byte[] identityPublicKey, Duration validity) {
        return build(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                keys.getPrivate(),
                new X500Name("CN=" + participantId),
                ec().getPublic(),
                false,
                IdentityKeys.publicKey(identityPublicKey),
                validity);
    }

    /** A participant certificate signed with its own key: no CA vouches for it. */
    public static X509Certificate selfSigned(String participantId, byte[] identityPublicKey) {
        KeyPair own = ec();
        X500Name subject = new X500Name("CN=" + participantId);
        return build(
                subject,
                own.getPrivate(),
                subject,
                own.getPublic(),
                false,
                IdentityKeys.publicKey(identityPublicKey),
                Duration.ofDays(1));
    }

    /** Revocation list {@code number}, valid from a minute ago for 30 days, revoking {@code revoked}. */
    public byte[] revocationList(long number, X509Certificate... revoked) {
        Instant now = Instant.now();
        return revocationList(
                number, now.minusSeconds(60), now.plus(Duration.ofDays(RevocationList.DEFAULT_VALIDITY_DAYS)), revoked);
    }

    public byte[] revocationList(long number, Instant thisUpdate, Instant nextUpdate, X509Certificate... revoked) {
        Map<BigInteger, Instant> entries = new TreeMap<>();
        for (X509Certificate c : revoked) {
            entries.put(c.getSerialNumber(), thisUpdate);
        }
        try {
            return RevocationListIssuer.issue(keys.getPrivate(), certificate, number, entries, thisUpdate, nextUpdate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(
            X500Name issuer,
            PrivateKey signer,
            X500Name subject,
            PublicKey key,
            boolean ca,
            PublicKey identity,
            Duration validity) {
        Instant now = Instant.now();
        Instant from = validity.isNegative() ? now.minus(Duration.ofDays(2)) : now.minus(Duration.ofMinutes(1));
        Instant to = validity.isNegative() ? now.minus(Duration.ofDays(1)) : now.plus(validity);
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                            issuer,
                            new BigInteger(127, RANDOM).setBit(126),
                            Date.from(from),
                            Date.from(to),
                            subject,
                            key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            if (identity != null) {
                b.addExtension(
                        ParticipantCertificate.identityKeyOid(),
                        false,
                        SubjectPublicKeyInfo.getInstance(identity.getEncoded()));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a test certificate: " + e.getMessage(), e);
        }
    }
}
