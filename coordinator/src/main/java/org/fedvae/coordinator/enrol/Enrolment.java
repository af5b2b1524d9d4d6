package org.fedvae.coordinator.enrol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.cohort.RevocationList;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.ParticipantCertificate;
import org.fedvae.protocol.transport.ParticipantIds;
import org.fedvae.protocol.transport.PemFiles;

/**
 * The enrolment operations on one {@link FederationDirectory}. Each one holds the directory's
 * lock, checks everything (existing files, CA, id) before writing anything, then writes every file
 * atomically. Keys are generated here, by the CA operator; the participant's directory is then
 * handed to that site over a secure channel.
 */
public final class Enrolment {

    public static final int DEFAULT_CA_DAYS = 3650;
    public static final int DEFAULT_DAYS = 825;
    /** How long a revocation list is valid: participants refuse an expired one, so re-issue it in time (enrol crl). */
    public static final int DEFAULT_CRL_DAYS = RevocationList.DEFAULT_VALIDITY_DAYS;

    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final FederationDirectory dir;

    public Enrolment(FederationDirectory dir) {
        this.dir = dir;
    }

    /** What an operation wrote, for the operator. */
    public record Result(List<Path> written, String summary) {}

    /** Also writes the first, empty revocation list (number 1) for the coordinator. */
    public Result initCa(String name, int days, boolean force) throws EnrolmentException {
        requireDays(days);
        SecureFiles.createDirectories(dir.root());
        try (LockFile lock = LockFile.acquire(dir.lockFile(), LOCK_TIMEOUT)) {
            List<Path> files = List.of(dir.caKey(), dir.caCertificate(), dir.revocationList());
            SecureFiles.refuseToOverwrite(files, force);
            CertificateAuthority ca = CertificateAuthority.create(name, days);
            SecureFiles.createDirectories(dir.caDirectory());
            SecureFiles.writePrivate(dir.caKey(), PemText.privateKey(ca.key()));
            SecureFiles.writePublic(dir.caCertificate(), PemText.certificate(ca.certificate()));
            RevocationListFile.Issued crl =
                    new RevocationListFile(dir.revocationList()).startOver(ca, DEFAULT_CRL_DAYS);
            return new Result(
                    files,
                    "federation CA "
                            + ca.certificate().getSubjectX500Principal().getName() + ", valid until "
                            + ca.certificate().getNotAfter().toInstant() + "; " + crl.summary());
        }
    }

    public Result coordinator(String host, int days, boolean force) throws EnrolmentException {
        requireDays(days);
        CertificateAuthority.requireHost(host);
        try (LockFile lock = LockFile.acquire(lockFileOfExistingRoot(), LOCK_TIMEOUT)) {
            CredentialFiles out = dir.coordinator();
            List<Path> files = List.of(out.tlsPrivateKey(), out.tlsCertificate(), out.caCertificate());
            SecureFiles.refuseToOverwrite(files, force);
            CertificateAuthority ca = loadCa();
            KeyPair tls = CertificateAuthority.newTlsKeyPair();
            X509Certificate cert = ca.issueCoordinator(host, tls.getPublic(), days);
            SecureFiles.createDirectories(out.directory());
            SecureFiles.writePrivate(out.tlsPrivateKey(), PemText.privateKey(tls.getPrivate()));
            SecureFiles.writePublic(out.tlsCertificate(), PemText.certificate(cert));
            SecureFiles.writePublic(out.caCertificate(), PemText.certificate(ca.certificate()));
            return new Result(
                    files,
                    "coordinator certificate for " + host + " (also localhost, 127.0.0.1), valid until "
                            + cert.getNotAfter().toInstant());
        }
    }

    public Result participant(String participantId, int days, boolean force) throws EnrolmentException {
        requireDays(days);
        requireId(participantId);
        try (LockFile lock = LockFile.acquire(lockFileOfExistingRoot(), LOCK_TIMEOUT)) {
            CredentialFiles out = dir.participant(participantId);
            List<Path> files =
                    List.of(out.identityPrivateKey(), out.tlsPrivateKey(), out.tlsCertificate(), out.caCertificate());
            SecureFiles.refuseToOverwrite(files, force);
            AllowlistFile allowlist = new AllowlistFile(dir.allowlist());
            if (!force && allowlist.read().get(participantId).isPresent()) {
                // also covers a revoked id whose files were deleted: re-admitting it must be deliberate
                throw new EnrolmentException("participant " + participantId + " is already on the allowlist "
                        + allowlist.path() + " (use --force to re-enrol it with new keys)");
            }
            CertificateAuthority ca = loadCa();
            // A re-enrolled site's old certificate is revoked too: its keys may be why it is re-enrolled.
            X509Certificate old = Files.exists(out.tlsCertificate()) ? readIssued(out.tlsCertificate()) : null;
            KeyPair identity = CertificateAuthority.newIdentityKeyPair();
            KeyPair tls = CertificateAuthority.newTlsKeyPair();
            X509Certificate cert = ca.issueParticipant(participantId, tls.getPublic(), identity.getPublic(), days);
            ParticipantCertificate pc = parse(cert);
            SecureFiles.createDirectories(out.directory());
            SecureFiles.writePrivate(out.identityPrivateKey(), PemText.privateKey(identity.getPrivate()));
            SecureFiles.writePrivate(out.tlsPrivateKey(), PemText.privateKey(tls.getPrivate()));
            SecureFiles.writePublic(out.tlsCertificate(), PemText.certificate(cert));
            SecureFiles.writePublic(out.caCertificate(), PemText.certificate(ca.certificate()));
            if (old != null) {
                new RevocationListFile(dir.revocationList())
                        .next(ca, Map.of(old.getSerialNumber(), Instant.now()), DEFAULT_CRL_DAYS);
            }
            // Last: the coordinator admits the id only once all its files exist.
            allowlist.update(list -> list.with(AllowlistEntry.of(pc)));
            return new Result(
                    List.of(files.get(0), files.get(1), files.get(2), files.get(3), allowlist.path()),
                    "participant " + participantId + ", certificate sha256 " + pc.fingerprint() + ", valid until "
                            + cert.getNotAfter().toInstant());
        }
    }

    /** {@link #revoke(String, int)} with a revocation list valid for {@link #DEFAULT_CRL_DAYS}. */
    public Result revoke(String participantId) throws EnrolmentException {
        return revoke(participantId, DEFAULT_CRL_DAYS);
    }

    /**
     * Revokes a participant: marks it revoked in the allowlist (the coordinator refuses its
     * certificate from the next connection on) and issues the next revocation list with its
     * certificate, so that every participant refuses a cohort that includes it.
     */
    public Result revoke(String participantId, int crlDays) throws EnrolmentException {
        requireId(participantId);
        requireDays(crlDays);
        try (LockFile lock = LockFile.acquire(lockFileOfExistingRoot(), LOCK_TIMEOUT)) {
            AllowlistFile allowlist = new AllowlistFile(dir.allowlist());
            AllowlistEntry entry = allowlist
                    .read()
                    .get(participantId)
                    .orElseThrow(() -> new EnrolmentException(
                            "participant " + participantId + " is not on the allowlist " + allowlist.path()));
            Path certFile = dir.participant(participantId).tlsCertificate();
            X509Certificate cert = readIssued(certFile);
            if (!entry.matches(parse(cert))) {
                throw new EnrolmentException(
                        certFile + " is not the certificate the allowlist lists for " + participantId);
            }
            RevocationListFile.Issued crl = new RevocationListFile(dir.revocationList())
                    .next(loadCa(), Map.of(cert.getSerialNumber(), Instant.now()), crlDays);
            allowlist.update(
                    list -> list.with(list.get(participantId).orElseThrow().asRevoked()));
            return new Result(
                    List.of(allowlist.path(), dir.revocationList()),
                    "participant " + participantId + " revoked; " + crl.summary());
        }
    }

    /** Re-issues the revocation list (same revocations, next number, fresh validity) before the current one expires. */
    public Result reissueRevocationList(int crlDays) throws EnrolmentException {
        requireDays(crlDays);
        try (LockFile lock = LockFile.acquire(lockFileOfExistingRoot(), LOCK_TIMEOUT)) {
            RevocationListFile.Issued crl =
                    new RevocationListFile(dir.revocationList()).next(loadCa(), Map.of(), crlDays);
            return new Result(List.of(dir.revocationList()), crl.summary());
        }
    }

    private static X509Certificate readIssued(Path certFile) throws EnrolmentException {
        try {
            return PemFiles.readCertificate(certFile);
        } catch (IOException e) {
            throw new EnrolmentException(
                    "cannot read the certificate to revoke (the revocation list names certificates): " + e.getMessage(),
                    e);
        }
    }

    /** The federation CA from this directory (its key included): for the operator's own tools, such as the conformance kit. */
    public CertificateAuthority authority() throws EnrolmentException {
        return loadCa();
    }

    private CertificateAuthority loadCa() throws EnrolmentException {
        if (!Files.exists(dir.caKey()) || !Files.exists(dir.caCertificate())) {
            throw new EnrolmentException("no federation CA in " + dir.caDirectory()
                    + " (ca.key and ca.crt): run `enrol init-ca --dir " + dir.root() + "` first");
        }
        try {
            PrivateKey key = PemFiles.readPrivateKey(dir.caKey());
            X509Certificate cert = PemFiles.readCertificate(dir.caCertificate());
            cert.checkValidity();
            return new CertificateAuthority(key, cert);
        } catch (IOException e) {
            throw new EnrolmentException("cannot load the federation CA: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new EnrolmentException(
                    "the federation CA certificate " + dir.caCertificate() + " is not valid now", e);
        }
    }

    private Path lockFileOfExistingRoot() throws EnrolmentException {
        if (!Files.isDirectory(dir.root())) {
            throw new EnrolmentException(
                    "no federation directory " + dir.root() + ": run `enrol init-ca --dir " + dir.root() + "` first");
        }
        return dir.lockFile();
    }

    private static ParticipantCertificate parse(X509Certificate cert) throws EnrolmentException {
        try {
            return ParticipantCertificate.of(cert);
        } catch (CertificateException e) {
            throw new EnrolmentException("issued an unreadable participant certificate: " + e.getMessage(), e);
        }
    }

    private static void requireId(String participantId) throws EnrolmentException {
        try {
            ParticipantIds.require(participantId);
        } catch (IllegalArgumentException e) {
            throw new EnrolmentException(e.getMessage());
        }
    }

    private static void requireDays(int days) throws EnrolmentException {
        if (days < 1 || days > 36500) {
            throw new EnrolmentException("--days must be between 1 and 36500, got " + days);
        }
    }
}
