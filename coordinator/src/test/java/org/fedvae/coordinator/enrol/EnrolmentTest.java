package org.fedvae.coordinator.enrol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fedvae.protocol.cohort.RevocationList;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.KeyPairs;
import org.fedvae.protocol.transport.ParticipantCertificate;
import org.fedvae.protocol.transport.PemFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrolmentTest {

    @TempDir
    Path tmp;

    FederationDirectory dir;
    Enrolment enrol;

    @BeforeEach
    void setUp() {
        dir = new FederationDirectory(tmp.resolve("fed"));
        enrol = new Enrolment(dir);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void privateKeysAndTheirDirectoriesAreOwnerOnly() throws Exception {
        enrol.initCa("Test CA", 30, false);
        enrol.coordinator("coord.example", 30, false);
        enrol.participant("site-1", 30, false);
        CredentialFiles p = dir.participant("site-1");
        for (Path key :
                List.of(dir.caKey(), dir.coordinator().tlsPrivateKey(), p.tlsPrivateKey(), p.identityPrivateKey())) {
            assertEquals("rw-------", mode(key), key.toString());
        }
        for (Path d : List.of(dir.root(), dir.caDirectory(), dir.coordinator().directory(), p.directory())) {
            assertEquals("rwx------", mode(d), d.toString());
        }
        assertEquals("rw-r--r--", mode(p.tlsCertificate()));
        // no temporary files left behind
        try (var files = Files.list(p.directory())) {
            assertEquals(
                    List.of("ca.crt", "identity.key", "tls.crt", "tls.key"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void participantCertificateCarriesIdTlsKeyAndIdentityKey() throws Exception {
        enrol.initCa("Test CA", 30, false);
        enrol.participant("site-1", 30, false);
        CredentialFiles p = dir.participant("site-1");
        X509Certificate cert = PemFiles.readCertificate(p.tlsCertificate());
        X509Certificate ca = PemFiles.readCertificate(dir.caCertificate());
        ParticipantCertificate pc = ParticipantCertificate.verified(cert, ca);
        assertEquals("site-1", pc.participantId());
        assertEquals("EC", cert.getPublicKey().getAlgorithm());
        assertTrue(KeyPairs.matches(PemFiles.readPrivateKey(p.tlsPrivateKey()), cert.getPublicKey()));
        PrivateKey identity = PemFiles.readPrivateKey(p.identityPrivateKey());
        assertTrue(KeyPairs.matches(identity, pc.identityKey()), "identity.key is not the key in the certificate");
        assertEquals(32, pc.identityKeyRaw().length);
        // the identity key signs; the certificate's key verifies its signature
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(identity);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(pc.identityKey());
        s.update(new byte[] {1, 2, 3});
        assertTrue(s.verify(sig));
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "no clientAuth EKU");
        assertFalse(cert.getCriticalExtensionOIDs().contains(ParticipantCertificate.IDENTITY_KEY_OID));
        assertArrayEquals(Files.readAllBytes(dir.caCertificate()), Files.readAllBytes(p.caCertificate()));

        AllowlistEntry entry =
                new AllowlistFile(dir.allowlist()).read().get("site-1").orElseThrow();
        assertTrue(entry.matches(pc));
        assertFalse(entry.revoked());
    }

    @Test
    void coordinatorCertificateNamesTheHostAndLoopback() throws Exception {
        enrol.initCa("Test CA", 30, false);
        enrol.coordinator("coord.example", 30, false);
        X509Certificate cert = PemFiles.readCertificate(dir.coordinator().tlsCertificate());
        List<String> names = cert.getSubjectAlternativeNames().stream()
                .map(n -> String.valueOf(n.get(1)))
                .toList();
        assertEquals(List.of("coord.example", "localhost", "127.0.0.1"), names);
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "no serverAuth EKU");
        cert.verify(PemFiles.readCertificate(dir.caCertificate()).getPublicKey());
        assertThrows(
                Exception.class,
                () -> ParticipantCertificate.of(cert),
                "a server certificate must not pass as a participant's");
    }

    @Test
    void refusesToOverwriteWithoutForceAndLeavesEverythingAsItWas() throws Exception {
        enrol.initCa("Test CA", 30, false);
        byte[] caKey = Files.readAllBytes(dir.caKey());
        EnrolmentException e = assertThrows(EnrolmentException.class, () -> enrol.initCa("Test CA", 30, false));
        assertTrue(
                e.getMessage().contains("refusing to overwrite")
                        && e.getMessage().contains("--force"),
                e.getMessage());
        assertArrayEquals(caKey, Files.readAllBytes(dir.caKey()));

        enrol.participant("site-1", 30, false);
        CredentialFiles p = dir.participant("site-1");
        byte[] identity = Files.readAllBytes(p.identityPrivateKey());
        String allowlist = Files.readString(dir.allowlist());
        e = assertThrows(EnrolmentException.class, () -> enrol.participant("site-1", 30, false));
        assertTrue(e.getMessage().contains(p.identityPrivateKey().toString()), e.getMessage());
        assertArrayEquals(identity, Files.readAllBytes(p.identityPrivateKey()));
        assertEquals(allowlist, Files.readString(dir.allowlist()));

        enrol.coordinator("coord.example", 30, false);
        assertThrows(EnrolmentException.class, () -> enrol.coordinator("coord.example", 30, false));
    }

    @Test
    void forceReEnrolsWithNewKeysAndRetiresTheOldCertificate() throws Exception {
        enrol.initCa("Test CA", 30, false);
        enrol.participant("site-1", 30, false);
        CredentialFiles p = dir.participant("site-1");
        ParticipantCertificate old = ParticipantCertificate.of(PemFiles.readCertificate(p.tlsCertificate()));
        enrol.participant("site-1", 30, true);
        ParticipantCertificate fresh = ParticipantCertificate.of(PemFiles.readCertificate(p.tlsCertificate()));
        assertNotEquals(old.fingerprint(), fresh.fingerprint());
        assertNotEquals(old.identityKey(), fresh.identityKey());
        assertEquals("rw-------", mode(p.identityPrivateKey()));
        AllowlistEntry entry =
                new AllowlistFile(dir.allowlist()).read().get("site-1").orElseThrow();
        assertTrue(entry.matches(fresh));
        assertFalse(entry.matches(old));
    }

    @Test
    void revocationListsAreSignedByTheCaNumberedUpAndKeepEveryRevocation() throws Exception {
        enrol.initCa("Test CA", 30, false);
        X509Certificate ca = PemFiles.readCertificate(dir.caCertificate());
        assertEquals(1, list(ca).number());
        assertTrue(list(ca).nextUpdate().isAfter(Instant.now().plus(Duration.ofDays(29))), "30 days by default");
        enrol.participant("site-1", 30, false);
        enrol.participant("site-2", 30, false);
        X509Certificate one = PemFiles.readCertificate(dir.participant("site-1").tlsCertificate());
        X509Certificate two = PemFiles.readCertificate(dir.participant("site-2").tlsCertificate());

        enrol.revoke("site-1");
        RevocationList second = list(ca);
        assertEquals(2, second.number());
        assertTrue(second.revokes(one));
        assertFalse(second.revokes(two));

        enrol.reissueRevocationList(10);
        RevocationList third = list(ca);
        assertEquals(3, third.number());
        assertTrue(third.revokes(one), "a re-issued list keeps the revocations");
        assertTrue(third.nextUpdate().isBefore(Instant.now().plus(Duration.ofDays(11))));

        enrol.participant("site-2", 30, true); // re-enrolled: its old certificate is revoked too
        RevocationList fourth = list(ca);
        assertEquals(4, fourth.number());
        assertTrue(fourth.revokes(two) && fourth.revokes(one));
        assertFalse(fourth.revokes(
                PemFiles.readCertificate(dir.participant("site-2").tlsCertificate())));

        enrol.initCa("New CA", 30, true); // sites remember number 4: a new CA's first list numbers on from it
        RevocationList fifth = list(PemFiles.readCertificate(dir.caCertificate()));
        assertEquals(5, fifth.number());
        assertFalse(fifth.revokes(one));
    }

    private RevocationList list(X509Certificate ca) throws Exception {
        return RevocationList.verified(PemFiles.readRevocationList(dir.revocationList()), ca, Instant.now());
    }

    @Test
    void aRevokedIdIsNotSilentlyReadmitted() throws Exception {
        enrol.initCa("Test CA", 30, false);
        enrol.participant("site-1", 30, false);
        enrol.revoke("site-1");
        assertTrue(new AllowlistFile(dir.allowlist())
                .read()
                .get("site-1")
                .orElseThrow()
                .revoked());
        // even with its files gone, enrolling the id again needs --force
        for (Path f : List.of(
                dir.participant("site-1").identityPrivateKey(),
                dir.participant("site-1").tlsPrivateKey(),
                dir.participant("site-1").tlsCertificate(),
                dir.participant("site-1").caCertificate())) {
            Files.delete(f);
        }
        EnrolmentException e = assertThrows(EnrolmentException.class, () -> enrol.participant("site-1", 30, false));
        assertTrue(e.getMessage().contains("already on the allowlist"), e.getMessage());
        enrol.participant("site-1", 30, true);
        assertFalse(new AllowlistFile(dir.allowlist())
                .read()
                .get("site-1")
                .orElseThrow()
                .revoked());
    }

    @Test
    void clearErrorsForAMissingCaABadIdABadHostAndAnUnknownRevocation() throws Exception {
        EnrolmentException e = assertThrows(EnrolmentException.class, () -> enrol.participant("site-1", 30, false));
        assertTrue(e.getMessage().contains("init-ca"), e.getMessage());
        Files.createDirectories(dir.root());
        e = assertThrows(EnrolmentException.class, () -> enrol.participant("site-1", 30, false));
        assertTrue(e.getMessage().contains("no federation CA") && e.getMessage().contains("init-ca"), e.getMessage());
        e = assertThrows(EnrolmentException.class, () -> enrol.coordinator("coord.example", 30, false));
        assertTrue(e.getMessage().contains("no federation CA"), e.getMessage());

        enrol.initCa("Test CA", 30, false);
        for (String bad : new String[] {"", "..", ".", "a/b", "../x", "site 1", "x".repeat(65), "s\u00e9te", "a\nb"}) {
            e = assertThrows(EnrolmentException.class, () -> enrol.participant(bad, 30, false), bad);
            assertTrue(e.getMessage().contains("invalid participant id"), e.getMessage());
        }
        enrol.participant("x".repeat(64), 30, false);
        enrol.participant("A.b_c-9", 30, false);
        try (var dirs = Files.list(dir.root().resolve("participants"))) {
            assertEquals(2, dirs.count(), "a bad id created a directory");
        }

        for (String bad : new String[] {"", "-x.example", "a..b", "host_name", "a/b"}) {
            e = assertThrows(EnrolmentException.class, () -> enrol.coordinator(bad, 30, false), bad);
            assertTrue(e.getMessage().contains("invalid host"), e.getMessage());
        }
        e = assertThrows(EnrolmentException.class, () -> enrol.revoke("nobody"));
        assertTrue(e.getMessage().contains("not on the allowlist"), e.getMessage());
        e = assertThrows(EnrolmentException.class, () -> enrol.participant("site-2", 0, false));
        assertTrue(e.getMessage().contains("--days"), e.getMessage());
    }

    @Test
    void aCaKeyThatDoesNotMatchItsCertificateIsRejected() throws Exception {
        enrol.initCa("Test CA", 30, false);
        FederationDirectory other = new FederationDirectory(tmp.resolve("other"));
        new Enrolment(other).initCa("Other CA", 30, false);
        Files.copy(other.caKey(), dir.caKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        EnrolmentException e = assertThrows(EnrolmentException.class, () -> enrol.participant("site-1", 30, false));
        assertTrue(e.getMessage().contains("does not belong to the CA certificate"), e.getMessage());
    }

    @Test
    void aKeyFileOthersCanReadIsRefusedWhenLoaded() throws Exception {
        enrol.initCa("Test CA", 30, false);
        Files.setPosixFilePermissions(dir.caKey(), PosixFilePermissions.fromString("rw-r--r--"));
        EnrolmentException e = assertThrows(EnrolmentException.class, () -> enrol.participant("site-1", 30, false));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }
}
