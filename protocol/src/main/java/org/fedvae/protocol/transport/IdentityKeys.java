package org.fedvae.protocol.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.fedvae.protocol.crypto.Ed25519KeyPair;

/**
 * Converts Ed25519 identity keys between the JDK key objects of certificates and PEM files and
 * the 32 raw bytes (RFC 8032) that the secure-aggregation machines sign and verify with.
 */
public final class IdentityKeys {

    static final int RAW_BYTES = 32;

    private IdentityKeys() {}

    /** The 32 raw bytes of an Ed25519 public key. */
    public static byte[] rawPublic(PublicKey key) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        if (!EdECObjectIdentifiers.id_Ed25519.equals(spki.getAlgorithm().getAlgorithm())
                || spki.getPublicKeyData().getOctets().length != RAW_BYTES) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return spki.getPublicKeyData().getOctets();
    }

    /** A JDK public key from 32 raw bytes. */
    public static PublicKey publicKey(byte[] raw) {
        if (raw == null || raw.length != RAW_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has " + RAW_BYTES + " bytes");
        }
        try {
            byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), raw)
                    .getEncoded();
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** The 32-byte seed of an Ed25519 private key. */
    public static byte[] rawPrivate(PrivateKey key) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            if (!EdECObjectIdentifiers.id_Ed25519.equals(
                    info.getPrivateKeyAlgorithm().getAlgorithm())) {
                throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
            }
            byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            if (seed.length != RAW_BYTES) {
                throw new IllegalArgumentException(
                        "Ed25519 private key has " + seed.length + " bytes, expected " + RAW_BYTES);
            }
            return seed;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("unreadable Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /**
     * A participant's identity private key from its credential directory, checked against the
     * identity public key in its certificate, so a mixed-up file fails now and not as a failed
     * signature in the middle of a round.
     */
    public static byte[] readIdentityKey(CredentialFiles files) throws IOException {
        Path file = files.identityPrivateKey();
        byte[] seed;
        try {
            seed = rawPrivate(PemFiles.readPrivateKey(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        byte[] expected;
        try {
            expected = ParticipantCertificate.of(PemFiles.readCertificate(files.tlsCertificate()))
                    .identityKeyRaw();
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(files.tlsCertificate() + ": " + e.getMessage(), e);
        }
        if (!Arrays.equals(Ed25519KeyPair.fromPrivateKey(seed).publicKey(), expected)) {
            throw new IOException(file + " is not the identity key of the certificate in " + files.tlsCertificate());
        }
        return seed;
    }
}
