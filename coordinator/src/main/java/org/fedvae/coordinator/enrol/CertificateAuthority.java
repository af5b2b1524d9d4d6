package org.fedvae.coordinator.enrol;

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
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.fedvae.protocol.cohort.RevocationListIssuer;
import org.fedvae.protocol.transport.KeyPairs;
import org.fedvae.protocol.transport.ParticipantCertificate;
import org.fedvae.protocol.transport.ParticipantIds;

/**
 * The federation CA: an ECDSA P-256 key and a self-signed certificate, issuing the coordinator's
 * TLS certificate and participants' certificates (see {@link ParticipantCertificate} for what
 * they carry). ECDSA P-256 with SHA-256 everywhere in X.509 and TLS: the most widely supported
 * choice, so other implementations of the protocol can connect.
 */
public final class CertificateAuthority {

    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Tolerates clocks a little behind the CA's. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final PrivateKey key;
    private final X509Certificate certificate;

    public CertificateAuthority(PrivateKey key, X509Certificate certificate) throws EnrolmentException {
        if (certificate.getBasicConstraints() < 0) {
            throw new EnrolmentException("the CA certificate is not a CA certificate");
        }
        if (!KeyPairs.matches(key, certificate.getPublicKey())) {
            throw new EnrolmentException("the CA private key does not belong to the CA certificate");
        }
        this.key = key;
        this.certificate = certificate;
    }

    /** A new CA with a fresh key, valid for {@code days}. */
    public static CertificateAuthority create(String name, int days) throws EnrolmentException {
        KeyPair pair = newTlsKeyPair();
        // A random suffix keeps two federations' CA names apart, which makes trust errors readable.
        byte[] tag = new byte[4];
        RANDOM.nextBytes(tag);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, name + " " + HexFormat.of().formatHex(tag))
                .addRDN(BCStyle.O, "FedVAE")
                .build();
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                            subject,
                            serial(),
                            Date.from(now.minus(BACKDATE)),
                            Date.from(now.plus(Duration.ofDays(days))),
                            subject,
                            pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(pair.getPrivate(), sign(b, pair.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new EnrolmentException("cannot create the CA certificate: " + e.getMessage(), e);
        }
    }

    public PrivateKey key() {
        return key;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The coordinator's TLS server certificate: CN and SAN {@code host}, plus localhost and
     * 127.0.0.1 so that tests and a coordinator reached over loopback verify too.
     */
    public X509Certificate issueCoordinator(String host, PublicKey tlsKey, int days) throws EnrolmentException {
        requireHost(host);
        Set<GeneralName> names = new LinkedHashSet<>();
        names.add(generalName(host));
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, host)
                .addRDN(BCStyle.O, "FedVAE")
                .build();
        try {
            X509v3CertificateBuilder b = leaf(subject, tlsKey, days, KeyPurposeId.id_kp_serverAuth)
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(new ArrayList<>(names).toArray(new GeneralName[0])));
            return sign(b, key);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new EnrolmentException("cannot issue the coordinator certificate: " + e.getMessage(), e);
        }
    }

    /** A participant's certificate: CN = id, the TLS key as its key, the identity key in the FedVAE extension. */
    public X509Certificate issueParticipant(String participantId, PublicKey tlsKey, PublicKey identityKey, int days)
            throws EnrolmentException {
        ParticipantIds.require(participantId);
        if (!"EdDSA".equals(identityKey.getAlgorithm()) && !"Ed25519".equals(identityKey.getAlgorithm())) {
            throw new EnrolmentException("identity key must be Ed25519, got " + identityKey.getAlgorithm());
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, participantId)
                .build();
        try {
            X509v3CertificateBuilder b = leaf(subject, tlsKey, days, KeyPurposeId.id_kp_clientAuth)
                    .addExtension(
                            ParticipantCertificate.identityKeyOid(),
                            false,
                            SubjectPublicKeyInfo.getInstance(identityKey.getEncoded()));
            return sign(b, key);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new EnrolmentException("cannot issue the certificate of " + participantId + ": " + e.getMessage(), e);
        }
    }

    /**
     * A revocation list signed with the CA key, valid from now for {@code days}: participants refuse
     * it once that has passed, so the operator re-issues it before (enrol crl).
     */
    public byte[] revocationList(long number, java.util.Map<BigInteger, Instant> revoked, int days)
            throws EnrolmentException {
        Instant now = Instant.now();
        try {
            return RevocationListIssuer.issue(
                    key, certificate, number, revoked, now.minus(BACKDATE), now.plus(Duration.ofDays(days)));
        } catch (GeneralSecurityException e) {
            throw new EnrolmentException("cannot sign the revocation list: " + e.getMessage(), e);
        }
    }

    /** A fresh ECDSA P-256 key pair for TLS (and for the CA). */
    public static KeyPair newTlsKeyPair() throws EnrolmentException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new EnrolmentException("this JDK cannot make P-256 keys: " + e.getMessage(), e);
        }
    }

    /** A fresh Ed25519 identity key pair. */
    static KeyPair newIdentityKeyPair() throws EnrolmentException {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new EnrolmentException("this JDK cannot make Ed25519 keys: " + e.getMessage(), e);
        }
    }

    /** Host names: letters, digits and hyphens in dot-separated labels; or an IP address literal. */
    static void requireHost(String host) throws EnrolmentException {
        if (host == null || !(IPAddress.isValid(host) || HOST_NAME.matcher(host).matches())) {
            throw new EnrolmentException("invalid host " + (host == null ? "null" : "\"" + host + "\"")
                    + ": give the DNS name or IP address participants will connect to");
        }
    }

    private X509v3CertificateBuilder leaf(X500Name subject, PublicKey publicKey, int days, KeyPurposeId purpose)
            throws GeneralSecurityException, CertIOException {
        Instant now = Instant.now();
        Instant notAfter = now.plus(Duration.ofDays(days));
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant(); // never outlive the CA
        }
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        return new JcaX509v3CertificateBuilder(
                        certificate, serial(), Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, publicKey)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey))
                .addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        ext.createAuthorityKeyIdentifier(certificate.getPublicKey()));
    }

    private static GeneralName generalName(String host) {
        return IPAddress.isValid(host)
                ? new GeneralName(GeneralName.iPAddress, host)
                : new GeneralName(GeneralName.dNSName, host);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(126); // positive, 16 bytes, never zero
    }
}
