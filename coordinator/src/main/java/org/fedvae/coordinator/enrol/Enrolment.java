package org.fedvae.coordinator.enrol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
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
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final FederationDirectory dir;

    public Enrolment(FederationDirectory dir) {
        this.dir = dir;
    }

    /** What an operation wrote, for the operator. */
    public record Result(List<Path> written, String summary) {
    }

    public Result initCa(String name, int days, boolean force) throws EnrolmentException {
        requireDays(days);
        SecureFiles.createDirectories(dir.root());
        try (LockFile lock = LockFile.acquire(dir.lockFile(), LOCK_TIMEOUT)) {
            List<Path> files = List.of(dir.caKey(), dir.caCertificate());
            SecureFiles.refuseToOverwrite(files, force);
            CertificateAuthority ca = CertificateAuthority.create(name, days);
            SecureFiles.createDirectories(dir.caDirectory());
            SecureFiles.writePrivate(dir.caKey(), PemText.privateKey(ca.key()));
            SecureFiles.writePublic(dir.caCertificate(), PemText.certificate(ca.certificate()));
            return new Result(files, "federation CA " + ca.certificate().getSubjectX500Principal().getName()
                    + ", valid until " + ca.certificate().getNotAfter().toInstant());
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
            return new Result(files, "coordinator certificate for " + host + " (also localhost, 127.0.0.1), valid until "
                    + cert.getNotAfter().toInstant());
        }
    }

    public Result participant(String participantId, int days, boolean force) throws EnrolmentException {
        requireDays(days);
        requireId(participantId);
        try (LockFile lock = LockFile.acquire(lockFileOfExistingRoot(), LOCK_TIMEOUT)) {
            CredentialFiles out = dir.participant(participantId);
            List<Path> files = List.of(out.identityPrivateKey(), out.tlsPrivateKey(), out.tlsCertificate(), out.caCertificate());
            SecureFiles.refuseToOverwrite(files, force);
            AllowlistFile allowlist = new AllowlistFile(dir.allowlist());
            if (!force && allowlist.read().get(participantId).isPresent()) {
                // also covers a revoked id whose files were deleted: re-admitting it must be deliberate
                throw new EnrolmentException("participant " + participantId + " is already on the allowlist "
                        + allowlist.path() + " (use --force to re-enrol it with new keys)");
            }
            CertificateAuthority ca = loadCa();
            KeyPair identity = CertificateAuthority.newIdentityKeyPair();
            KeyPair tls = CertificateAuthority.newTlsKeyPair();
            X509Certificate cert = ca.issueParticipant(participantId, tls.getPublic(), identity.getPublic(), days);
            ParticipantCertificate pc = parse(cert);
            SecureFiles.createDirectories(out.directory());
            SecureFiles.writePrivate(out.identityPrivateKey(), PemText.privateKey(identity.getPrivate()));
            SecureFiles.writePrivate(out.tlsPrivateKey(), PemText.privateKey(tls.getPrivate()));
            SecureFiles.writePublic(out.tlsCertificate(), PemText.certificate(cert));
            SecureFiles.writePublic(out.caCertificate(), PemText.certificate(ca.certificate()));
            // Last: the coordinator admits the id only once all its files exist.
            allowlist.update(list -> list.with(AllowlistEntry.of(pc)));
            return new Result(List.of(files.get(0), files.get(1), files.get(2), files.get(3), allowlist.path()),
                    "participant " + participantId + ", certificate sha256 " + pc.fingerprint() + ", valid until "
                            + cert.getNotAfter().toInstant());
        }
    }

    /** Marks a participant revoked: the coordinator refuses its certificate from the next connection on. */
    public Result revoke(String participantId) throws EnrolmentException {
        requireId(participantId);
        try (LockFile lock = LockFile.acquire(lockFileOfExistingRoot(), LOCK_TIMEOUT)) {
            AllowlistFile allowlist = new AllowlistFile(dir.allowlist());
            allowlist.update(list -> list.with(list.get(participantId)
                    .orElseThrow(() -> new EnrolmentException("participant " + participantId + " is not on the allowlist "
                            + allowlist.path()))
                    .asRevoked()));
            return new Result(List.of(allowlist.path()), "participant " + participantId + " revoked");
        }
    }

    private CertificateAuthority loadCa() throws EnrolmentException {
        if (!Files.exists(dir.caKey()) || !Files.exists(dir.caCertificate())) {
            throw new EnrolmentException("no federation CA in " + dir.caDirectory() + " (ca.key and ca.crt): run `enrol init-ca --dir "
                    + dir.root() + "` first");
        }
        try {
            PrivateKey key = PemFiles.readPrivateKey(dir.caKey());
            X509Certificate cert = PemFiles.readCertificate(dir.caCertificate());
            cert.checkValidity();
            return new CertificateAuthority(key, cert);
        } catch (IOException e) {
            throw new EnrolmentException("cannot load the federation CA: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new EnrolmentException("the federation CA certificate " + dir.caCertificate() + " is not valid now", e);
        }
    }

    private Path lockFileOfExistingRoot() throws EnrolmentException {
        if (!Files.isDirectory(dir.root())) {
            throw new EnrolmentException("no federation directory " + dir.root() + ": run `enrol init-ca --dir "
                    + dir.root() + "` first");
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
