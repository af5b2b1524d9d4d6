package org.fedvae.protocol.transport;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A participant's X.509 certificate, read as FedVAE identity: subject CN = participant id, and the
 * participant's Ed25519 identity public key (for protocol signatures) in the non-critical
 * extension {@link #IDENTITY_KEY_OID}. The certificate's own key is a separate ECDSA P-256 TLS
 * key, so the identity key is never used by TLS (one key, one purpose). The CA's signature binds
 * the id, the TLS key and the identity key together.
 */
public final class ParticipantCertificate {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    /**
     * The identity key extension: its value is the DER SubjectPublicKeyInfo of the Ed25519 key.
     * A UUID-derived OID (ITU-T X.667 arc 2.25), so no registration is needed and it clashes with
     * nothing. Non-critical, since standard validators reject unknown critical extensions.
     */
    public static final String IDENTITY_KEY_OID = "2.25.326854563447104437921805848944771781768";

    static final int ED25519_KEY_BYTES = 32;

    private final String participantId;
    private final PublicKey identityKey;
    private final byte[] identityKeyRaw;
    private final X509Certificate certificate;
    private final String fingerprint;

    private ParticipantCertificate(
            String participantId, PublicKey identityKey, byte[] identityKeyRaw, X509Certificate certificate)
            throws CertificateEncodingException {
        this.participantId = participantId;
        this.identityKey = identityKey;
        this.identityKeyRaw = identityKeyRaw;
        this.certificate = certificate;
        this.fingerprint = fingerprint(certificate);
    }

    /**
     * Reads id and identity key from a certificate whose chain has already been verified (e.g. by
     * the TLS handshake). For a certificate from anywhere else use {@link #verified}.
     */
    public static ParticipantCertificate of(X509Certificate certificate) throws CertificateException {
        Objects.requireNonNull(certificate, "certificate");
        if (certificate.getBasicConstraints() >= 0) {
            throw new CertificateException("a CA certificate is not a participant certificate");
        }
        String id = commonName(certificate);
        if (!ParticipantIds.isValid(id)) {
            throw new CertificateException(
                    "certificate subject CN " + LogText.quote(id) + " is not a valid participant id");
        }
        byte[] ext = certificate.getExtensionValue(IDENTITY_KEY_OID);
        if (ext == null) {
            throw new CertificateException("certificate of " + id + " carries no FedVAE identity key (extension "
                    + IDENTITY_KEY_OID + "); it is not a participant certificate");
        }
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(
                    ASN1OctetString.getInstance(ext).getOctets());
            if (!EdECObjectIdentifiers.id_Ed25519.equals(spki.getAlgorithm().getAlgorithm())
                    || spki.getAlgorithm().getParameters() != null
                    || spki.getPublicKeyData().getPadBits() != 0
                    || spki.getPublicKeyData().getOctets().length != ED25519_KEY_BYTES) {
                throw new CertificateException("identity key of " + id + " is not an Ed25519 public key");
            }
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
            return new ParticipantCertificate(id, key, spki.getPublicKeyData().getOctets(), certificate);
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            if (e instanceof CertificateException ce) {
                throw ce;
            }
            throw new CertificateException(
                    "unreadable identity key in the certificate of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Like {@link #of}, for a certificate received over the protocol (e.g. a peer's, forwarded by
     * the coordinator): first checks that the federation CA signed it and that it is valid now.
     */
    public static ParticipantCertificate verified(X509Certificate certificate, X509Certificate ca)
            throws CertificateException {
        return verified(certificate, ca, CaSignatureMemo.NONE);
    }

    /**
     * As {@link #verified(X509Certificate, X509Certificate)}, skipping only the signature check of a certificate
     * whose signature this {@code memo}'s owner has verified with {@code ca} before.
     */
    public static ParticipantCertificate verified(X509Certificate certificate, X509Certificate ca, CaSignatureMemo memo)
            throws CertificateException {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new CertificateException("certificate was not issued by the federation CA (issuer "
                    + certificate.getIssuerX500Principal() + ")");
        }
        if (!memo.verifiedBefore(certificate, ca)) {
            try {
                // Bouncy Castle's ECDSA verifies in about half the time of this JDK's (a cohort of 1,000 is 1,000).
                certificate.verify(ca.getPublicKey(), BOUNCY_CASTLE);
            } catch (GeneralSecurityException e) {
                throw new CertificateException("certificate signature does not verify with the federation CA key", e);
            }
            memo.remember(certificate, ca);
        }
        certificate.checkValidity();
        return of(certificate);
    }

    public String participantId() {
        return participantId;
    }

    /** The Ed25519 identity public key as a JDK key. */
    public PublicKey identityKey() {
        return identityKey;
    }

    /** The 32 raw bytes of the Ed25519 identity public key (RFC 8032 encoding). */
    public byte[] identityKeyRaw() {
        return identityKeyRaw.clone();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 of the certificate's DER encoding, lower-case hex: what the allowlist pins. */
    public String fingerprint() {
        return fingerprint;
    }

    /** SHA-256 of a certificate's DER encoding, lower-case hex. */
    public static String fingerprint(X509Certificate certificate) throws CertificateEncodingException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String commonName(X509Certificate certificate) throws CertificateException {
        X500Name subject =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()) {
            throw new CertificateException("certificate subject must have exactly one CN, got " + subject);
        }
        ASN1Encodable value = cns[0].getFirst().getValue();
        if (!(value instanceof ASN1String s)) {
            throw new CertificateException("certificate subject CN is not a string");
        }
        return s.getString();
    }

    /** The extension OID as a Bouncy Castle object, for code that issues certificates. */
    public static ASN1ObjectIdentifier identityKeyOid() {
        return new ASN1ObjectIdentifier(IDENTITY_KEY_OID);
    }

    @Override
    public String toString() {
        return "ParticipantCertificate[" + participantId + ", sha256 " + fingerprint + "]";
    }
}
