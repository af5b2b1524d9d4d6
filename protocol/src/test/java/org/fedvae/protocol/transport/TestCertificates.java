package org.fedvae.protocol.transport;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for tests of the protocol module, which has no enrolment of its own. */
final class TestCertificates {

    private static long serial = 1;

    private TestCertificates() {}

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static X509Certificate ca(KeyPair keys, String cn) throws Exception {
        return build(
                new X500Name("CN=" + cn),
                keys.getPrivate(),
                new X500Name("CN=" + cn),
                keys.getPublic(),
                true,
                null,
                Duration.ofDays(1));
    }

    /** A leaf certificate with CN={@code cn}, and the identity extension if {@code identityExtension} is not null. */
    static X509Certificate leaf(
            KeyPair issuerKeys,
            X509Certificate issuer,
            String cn,
            PublicKey subjectKey,
            ASN1Encodable identityExtension,
            Duration validity)
            throws Exception {
        return build(
                X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                issuerKeys.getPrivate(),
                new X500Name("CN=" + cn),
                subjectKey,
                false,
                identityExtension,
                validity);
    }

    static SubjectPublicKeyInfo spki(PublicKey key) {
        return SubjectPublicKeyInfo.getInstance(key.getEncoded());
    }

    private static X509Certificate build(
            X500Name issuer,
            PrivateKey signer,
            X500Name subject,
            PublicKey key,
            boolean ca,
            ASN1Encodable identity,
            Duration validity)
            throws Exception {
        Instant now = Instant.now();
        Instant from = validity.isNegative() ? now.minus(Duration.ofDays(2)) : now.minus(Duration.ofMinutes(1));
        Instant to = validity.isNegative() ? now.minus(Duration.ofDays(1)) : now.plus(validity);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                        issuer, BigInteger.valueOf(serial++), Date.from(from), Date.from(to), subject, key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (identity != null) {
            b.addExtension(ParticipantCertificate.identityKeyOid(), false, identity);
        }
        String alg = "EC".equals(signer.getAlgorithm()) ? "SHA256withECDSA" : "Ed25519";
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
    }

    static Path writeCertificate(Path file, X509Certificate c) throws Exception {
        return write(file, c, "rw-r--r--");
    }

    static Path writeKey(Path file, PrivateKey k) throws Exception {
        return write(file, new JcaPKCS8Generator(k, null), "rw-------");
    }

    private static Path write(Path file, Object pemObject, String mode) throws Exception {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(pemObject);
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        Files.writeString(file, s.toString());
        return file;
    }
}
