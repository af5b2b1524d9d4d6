package org.fedvae.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesAndTlsContextsTest {

    @TempDir
    Path dir;

    /** A credential directory: CA, and a leaf certificate with its key. */
    private CredentialFiles credentials(Duration validity) throws Exception {
        KeyPair caKeys = TestCertificates.ec();
        X509Certificate ca = TestCertificates.ca(caKeys, "Test CA");
        KeyPair leafKeys = TestCertificates.ec();
        CredentialFiles files = new CredentialFiles(dir);
        TestCertificates.writeCertificate(files.caCertificate(), ca);
        TestCertificates.writeCertificate(
                files.tlsCertificate(),
                TestCertificates.leaf(caKeys, ca, "localhost", leafKeys.getPublic(), null, validity));
        TestCertificates.writeKey(files.tlsPrivateKey(), leafKeys.getPrivate());
        return files;
    }

    private static String message(Exception e) {
        return e.getMessage();
    }

    @Test
    void readsWhatWasWritten() throws Exception {
        KeyPair ed = TestCertificates.ed25519();
        Path key = TestCertificates.writeKey(dir.resolve("identity.key"), ed.getPrivate());
        assertTrue(KeyPairs.matches(PemFiles.readPrivateKey(key), ed.getPublic()));
        CredentialFiles files = credentials(Duration.ofDays(1));
        assertTrue(KeyPairs.matches(
                PemFiles.readPrivateKey(files.tlsPrivateKey()),
                PemFiles.readCertificate(files.tlsCertificate()).getPublicKey()));
        SslContext server = TlsContexts.server(files, true);
        SslContext client = TlsContexts.client(files);
        assertTrue(server.isServer() && client.isClient());
    }

    @Test
    void everyBadFileIsNamedWithWhatIsWrong() throws Exception {
        CredentialFiles files = credentials(Duration.ofDays(1));
        Path missing = dir.resolve("nope.crt");
        assertTrue(message(assertThrows(IOException.class, () -> PemFiles.readCertificate(missing)))
                .contains("nope.crt: no such file"));

        Path text = Files.writeString(dir.resolve("text.crt"), "hello\n");
        assertTrue(message(assertThrows(IOException.class, () -> PemFiles.readCertificate(text)))
                .contains("no PEM object"));

        IOException e = assertThrows(IOException.class, () -> PemFiles.readCertificate(files.tlsPrivateKey()));
        assertTrue(e.getMessage().contains("expected a certificate"), e.getMessage());

        Path certAsKey = dir.resolve("cert-as.key");
        Files.copy(files.tlsCertificate(), certAsKey);
        Files.setPosixFilePermissions(certAsKey, PosixFilePermissions.fromString("rw-------"));
        e = assertThrows(IOException.class, () -> PemFiles.readPrivateKey(certAsKey));
        assertTrue(e.getMessage().contains("expected a private key"), e.getMessage());

        Path corrupt = Files.writeString(
                dir.resolve("corrupt.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        e = assertThrows(IOException.class, () -> PemFiles.readCertificate(corrupt));
        assertTrue(e.getMessage().startsWith(corrupt.toString()), e.getMessage());
    }

    @Test
    void aKeyReadableByOthersIsRefused() throws Exception {
        CredentialFiles files = credentials(Duration.ofDays(1));
        Files.setPosixFilePermissions(files.tlsPrivateKey(), PosixFilePermissions.fromString("rw-r-----"));
        IOException e = assertThrows(IOException.class, () -> TlsContexts.client(files));
        assertTrue(e.getMessage().contains("accessible by group or others (rw-r-----)"), e.getMessage());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        CredentialFiles files = credentials(Duration.ofDays(1));
        TestCertificates.writeKey(files.tlsPrivateKey(), TestCertificates.ec().getPrivate());
        IOException e = assertThrows(IOException.class, () -> TlsContexts.server(files, false));
        assertTrue(e.getMessage().contains("is not the private key of the certificate"), e.getMessage());
    }

    @Test
    void anExpiredCertificateIsRefusedAtLoadTime() throws Exception {
        CredentialFiles files = credentials(Duration.ofDays(-1));
        IOException e = assertThrows(IOException.class, () -> TlsContexts.client(files));
        assertTrue(e.getMessage().contains("not valid now"), e.getMessage());
    }

    @Test
    void aLeafCertificateCannotServeAsTheTrustAnchor() throws Exception {
        CredentialFiles files = credentials(Duration.ofDays(1));
        IOException e =
                assertThrows(IOException.class, () -> TlsContexts.clientWithoutCertificate(files.tlsCertificate()));
        assertTrue(e.getMessage().contains("not a CA certificate"), e.getMessage());
    }

    @Test
    void contextsSpeakOnlyTls13() throws Exception {
        CredentialFiles files = credentials(Duration.ofDays(1));
        SslContext client = TlsContexts.client(files);
        var engine = client.newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT, "localhost", 1);
        assertEquals(java.util.List.of("TLSv1.3"), java.util.List.of(engine.getEnabledProtocols()));
        assertEquals("HTTPS", engine.getSSLParameters().getEndpointIdentificationAlgorithm());
        var serverEngine = TlsContexts.server(files, true).newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT);
        assertEquals(java.util.List.of("TLSv1.3"), java.util.List.of(serverEngine.getEnabledProtocols()));
        assertTrue(serverEngine.getNeedClientAuth());
        assertTrue(!TlsContexts.server(files, false)
                .newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT)
                .getNeedClientAuth());
    }
}
