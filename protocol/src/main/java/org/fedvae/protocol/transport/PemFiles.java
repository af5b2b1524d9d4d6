package org.fedvae.protocol.transport;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads the PEM files that enrolment writes: X.509 certificates, the revocation list (X.509 CRL)
 * and unencrypted PKCS#8 private keys. Keys come out as JDK key objects, which the JDK's TLS provider uses directly. Every
 * failure names the file and what was wrong with it.
 */
public final class PemFiles {

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private PemFiles() {}

    /** The first certificate in {@code file}. */
    public static X509Certificate readCertificate(Path file) throws IOException {
        Object o = readFirstObject(file);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IOException(file + ": expected a certificate (BEGIN CERTIFICATE), found " + describe(o));
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException(file + ": unreadable certificate: " + e.getMessage(), e);
        }
    }

    /** The DER encoding of the first certificate revocation list (BEGIN X509 CRL) in {@code file}. */
    public static byte[] readRevocationList(Path file) throws IOException {
        Object o = readFirstObject(file);
        if (!(o instanceof X509CRLHolder holder)) {
            throw new IOException(
                    file + ": expected a certificate revocation list (BEGIN X509 CRL), found " + describe(o));
        }
        return holder.getEncoded();
    }

    /**
     * The private key in {@code file}. Like ssh, refuses a key file that group or others may
     * access, since a readable key is as good as a leaked one.
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        requireOwnerOnly(file);
        Object o = readFirstObject(file);
        PrivateKeyInfo info;
        if (o instanceof PrivateKeyInfo pki) {
            info = pki;
        } else if (o instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo(); // traditional "EC PRIVATE KEY" files, e.g. from openssl ecparam
        } else if (o != null && o.getClass().getSimpleName().contains("Encrypted")) {
            throw new IOException(
                    file
                            + ": encrypted private keys are not supported; protect the file with owner-only permissions instead");
        } else {
            throw new IOException(file + ": expected a private key (BEGIN PRIVATE KEY), found " + describe(o));
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (PEMException e) {
            throw new IOException(file + ": unreadable private key: " + e.getMessage(), e);
        }
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // no POSIX permissions on this file system; nothing to check
        }
        Set<PosixFilePermission> perms;
        try {
            perms = view.readAttributes().permissions();
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
        if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
            throw new IOException(file + ": private key is accessible by group or others ("
                    + PosixFilePermissions.toString(perms) + "); run chmod 600 on it");
        }
    }

    private static Object readFirstObject(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            if (o == null) {
                throw new IOException(file + ": no PEM object in the file");
            }
            return o;
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": not a readable PEM file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // PEMParser throws unchecked exceptions on some corrupt inputs
            throw new IOException(file + ": not a readable PEM file: " + e, e);
        }
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName();
    }
}
