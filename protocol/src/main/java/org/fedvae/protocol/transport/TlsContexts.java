package org.fedvae.protocol.transport;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Netty SSL contexts for FedVAE: TLS 1.3 only, the JDK provider, trust anchored in the federation
 * CA certificate alone (never the system trust store). The client verifies the coordinator's
 * certificate and its name; the server can require client certificates (mutual TLS for enrolled
 * participants). Keys and certificates are the PEM files that enrolment writes.
 */
public final class TlsContexts {

    public static final String PROTOCOL = "TLSv1.3";

    private TlsContexts() {}

    /**
     * The coordinator's context from its credential directory (tls.key, tls.crt, ca.crt).
     *
     * @param requireClientCertificates true when participants are enrolled: a client without a
     *     certificate signed by the federation CA fails the TLS handshake
     */
    public static SslContext server(CredentialFiles files, boolean requireClientCertificates) throws IOException {
        Loaded own = load(files.tlsPrivateKey(), files.tlsCertificate());
        X509Certificate ca = loadCa(files.caCertificate());
        try {
            return SslContextBuilder.forServer(own.key, own.certificate)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOL)
                    .trustManager(ca)
                    .clientAuth(requireClientCertificates ? ClientAuth.REQUIRE : ClientAuth.NONE)
                    .build();
        } catch (SSLException e) {
            throw new IOException(
                    "cannot build the server TLS context from " + files.directory() + ": " + e.getMessage(), e);
        }
    }

    /** A participant's context from its credential directory: presents tls.crt, trusts only ca.crt. */
    public static SslContext client(CredentialFiles files) throws IOException {
        Loaded own = load(files.tlsPrivateKey(), files.tlsCertificate());
        return client(loadCa(files.caCertificate()), own.key, own.certificate);
    }

    /** A client that presents no certificate, for a coordinator that does not require one. */
    public static SslContext clientWithoutCertificate(Path caCertificate) throws IOException {
        return client(loadCa(caCertificate), null, null);
    }

    private static SslContext client(X509Certificate ca, PrivateKey key, X509Certificate certificate)
            throws IOException {
        try {
            SslContextBuilder b = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOL)
                    .trustManager(ca)
                    // The certificate must name the coordinator the participant meant to reach
                    // (the name given to TransportPipeline.client), not just chain to the CA.
                    .endpointIdentificationAlgorithm("HTTPS");
            if (key != null) {
                b.keyManager(key, certificate);
            }
            return b.build();
        } catch (SSLException e) {
            throw new IOException("cannot build the client TLS context: " + e.getMessage(), e);
        }
    }

    /** The peer's leaf certificate on a channel whose TLS handshake completed, if it sent one. */
    public static Optional<X509Certificate> peerCertificate(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? Optional.of(x) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private record Loaded(PrivateKey key, X509Certificate certificate) {}

    private static Loaded load(Path keyFile, Path certFile) throws IOException {
        X509Certificate cert = loadValid(certFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (!KeyPairs.matches(key, cert.getPublicKey())) {
            throw new IOException(keyFile + " is not the private key of the certificate in " + certFile);
        }
        return new Loaded(key, cert);
    }

    private static X509Certificate loadCa(Path file) throws IOException {
        X509Certificate ca = loadValid(file);
        if (ca.getBasicConstraints() < 0) {
            throw new IOException(file + ": not a CA certificate (no CA basic constraint)");
        }
        return ca;
    }

    private static X509Certificate loadValid(Path file) throws IOException {
        X509Certificate cert = PemFiles.readCertificate(file);
        try {
            cert.checkValidity();
        } catch (CertificateException e) {
            throw new IOException(
                    file + ": certificate is not valid now (valid " + cert.getNotBefore() + " to " + cert.getNotAfter()
                            + ")",
                    e);
        }
        return cert;
    }
}
