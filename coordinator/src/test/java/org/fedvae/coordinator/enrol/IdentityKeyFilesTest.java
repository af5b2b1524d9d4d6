package org.fedvae.coordinator.enrol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.ParticipantCertificate;
import org.fedvae.protocol.transport.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A participant reads its enrolled identity key as the raw seed the secure-aggregation machine signs with. */
class IdentityKeyFilesTest {

    @TempDir
    Path tmp;

    @Test
    void enrolledIdentityKeyMatchesTheCertificateAndAMixUpIsCaught() throws Exception {
        FederationDirectory fed = new FederationDirectory(tmp.resolve("fed"));
        Enrolment e = new Enrolment(fed);
        e.initCa("CA", 30, false);
        e.participant("site-1", 30, false);
        e.participant("site-2", 30, false);
        CredentialFiles files = fed.participant("site-1");
        byte[] seed = IdentityKeys.readIdentityKey(files);
        byte[] certified = ParticipantCertificate.of(PemFiles.readCertificate(files.tlsCertificate()))
                .identityKeyRaw();
        assertArrayEquals(certified, Ed25519KeyPair.fromPrivateKey(seed).publicKey());
        assertArrayEquals(certified, IdentityKeys.rawPublic(IdentityKeys.publicKey(certified)));

        Files.copy(
                fed.participant("site-2").identityPrivateKey(),
                files.identityPrivateKey(),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        IOException mixUp = assertThrows(IOException.class, () -> IdentityKeys.readIdentityKey(files));
        assertTrue(mixUp.getMessage().contains("is not the identity key of the certificate"), mixUp.getMessage());
        IOException tlsKey = assertThrows(
                IOException.class,
                () -> IdentityKeys.readIdentityKey(
                        new CredentialFiles(copyWithIdentity(files, files.tlsPrivateKey()))));
        assertTrue(tlsKey.getMessage().contains("not an Ed25519 private key"), tlsKey.getMessage());
    }

    private Path copyWithIdentity(CredentialFiles from, Path identity) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mixed"));
        for (String f : new String[] {CredentialFiles.TLS_CERTIFICATE, CredentialFiles.CA_CERTIFICATE}) {
            Files.copy(from.directory().resolve(f), dir.resolve(f));
        }
        Files.copy(identity, dir.resolve(CredentialFiles.IDENTITY_PRIVATE_KEY), StandardCopyOption.COPY_ATTRIBUTES);
        return dir;
    }
}
