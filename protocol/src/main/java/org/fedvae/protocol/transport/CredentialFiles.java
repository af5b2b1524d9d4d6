package org.fedvae.protocol.transport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files of one enrolled party (coordinator or participant), as enrolment writes them into one
 * directory. Both sides load their TLS and identity material through these names.
 */
public record CredentialFiles(Path directory) {

    /** The federation CA certificate: the only trust anchor for TLS. */
    public static final String CA_CERTIFICATE = "ca.crt";
    /** This party's TLS certificate, signed by the CA. */
    public static final String TLS_CERTIFICATE = "tls.crt";
    /** The private key of {@link #TLS_CERTIFICATE}, PKCS#8 PEM, owner-only permissions. */
    public static final String TLS_PRIVATE_KEY = "tls.key";
    /** A participant's Ed25519 identity key for protocol signatures, PKCS#8 PEM, owner-only permissions. */
    public static final String IDENTITY_PRIVATE_KEY = "identity.key";

    /** The coordinator's copy of the federation's revocation list, PEM X.509 CRL signed by the CA. */
    public static final String REVOCATION_LIST = "crl.pem";

    public CredentialFiles {
        Objects.requireNonNull(directory, "directory");
    }

    public Path caCertificate() {
        return directory.resolve(CA_CERTIFICATE);
    }

    public Path tlsCertificate() {
        return directory.resolve(TLS_CERTIFICATE);
    }

    public Path tlsPrivateKey() {
        return directory.resolve(TLS_PRIVATE_KEY);
    }

    public Path revocationList() {
        return directory.resolve(REVOCATION_LIST);
    }

    public Path identityPrivateKey() {
        return directory.resolve(IDENTITY_PRIVATE_KEY);
    }
}
