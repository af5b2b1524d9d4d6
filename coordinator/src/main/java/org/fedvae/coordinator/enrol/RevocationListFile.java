package org.fedvae.coordinator.enrol;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.fedvae.protocol.cohort.RevocationListIssuer;
import org.fedvae.protocol.transport.PemFiles;

/**
 * The federation's revocation list as the operator keeps it (FED/coordinator/crl.pem, PEM X.509
 * CRL): each list the CA signs carries every revocation of the one before and the next CRL number,
 * since participants refuse a list with a lower number than one they have seen. The operator copies
 * the file to the coordinator, which passes it to every cohort.
 */
final class RevocationListFile {

    private final Path file;

    RevocationListFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Signs and writes the next list: the current one's revocations plus {@code add}, number one higher (1 if none yet). */
    Issued next(CertificateAuthority ca, Map<BigInteger, Instant> add, int days) throws EnrolmentException {
        long number = 1;
        Map<BigInteger, Instant> revoked = new TreeMap<>();
        if (Files.exists(file)) {
            X509CRL current = current(ca);
            number = Math.addExact(numberOf(current), 1);
            revoked.putAll(RevocationListIssuer.entries(current));
        }
        add.forEach(revoked::putIfAbsent);
        byte[] der = ca.revocationList(number, revoked, days);
        SecureFiles.createDirectories(file.getParent());
        SecureFiles.writePublic(file, PemText.revocationList(der));
        return new Issued(number, revoked.size(), Instant.now().plus(java.time.Duration.ofDays(days)));
    }

    /**
     * The first list of a new CA: no revocations (the old CA's certificates stop working anyway),
     * numbered on from the old list if there is one, since sites remember the highest number seen.
     */
    Issued startOver(CertificateAuthority ca, int days) throws EnrolmentException {
        long number = 1;
        if (Files.exists(file)) {
            try {
                number = Math.addExact(
                        RevocationListIssuer.number(RevocationListIssuer.parse(PemFiles.readRevocationList(file))), 1);
            } catch (IOException | java.security.cert.CRLException e) {
                throw new EnrolmentException(
                        "cannot read the old revocation list " + file + " to number on from it: " + e.getMessage()
                                + " (move it away to start from number 1)",
                        e);
            }
        }
        byte[] der = ca.revocationList(number, Map.of(), days);
        SecureFiles.createDirectories(file.getParent());
        SecureFiles.writePublic(file, PemText.revocationList(der));
        return new Issued(number, 0, Instant.now().plus(java.time.Duration.ofDays(days)));
    }

    /** What {@link #next} wrote. */
    record Issued(long number, int revoked, Instant nextUpdate) {
        String summary() {
            return "revocation list number " + number + " (" + revoked + " revoked), valid until " + nextUpdate
                    + ": copy it to the coordinator, and issue a fresh one (enrol crl) before then";
        }
    }

    private X509CRL current(CertificateAuthority ca) throws EnrolmentException {
        try {
            X509CRL crl = RevocationListIssuer.parse(PemFiles.readRevocationList(file));
            crl.verify(ca.certificate().getPublicKey());
            return crl;
        } catch (IOException | GeneralSecurityException e) {
            throw new EnrolmentException(
                    "cannot read the current revocation list " + file + " (signed by this CA?): " + e.getMessage(), e);
        }
    }

    private static long numberOf(X509CRL crl) throws EnrolmentException {
        try {
            return RevocationListIssuer.number(crl);
        } catch (java.security.cert.CRLException e) {
            throw new EnrolmentException("the current revocation list: " + e.getMessage(), e);
        }
    }
}
