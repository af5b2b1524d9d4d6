package org.fedvae.coordinator.federation;

import java.io.IOException;
import java.nio.file.Path;
import org.fedvae.protocol.transport.PemFiles;

/**
 * Where the coordinator gets the federation's revocation list (DER X.509 CRL, signed by the CA)
 * that it passes along in every RoundStart. Asked again for every round, so a list the operator
 * copied over (after a revocation, or re-issued before the old one expires) is served from the
 * next round on. The coordinator needs no CA key: it only forwards what the operator signed.
 */
@FunctionalInterface
public interface RevocationListSource {

    byte[] current() throws IOException;

    /** The PEM file the operator copies from the federation directory (FED/coordinator/crl.pem), re-read each round. */
    static RevocationListSource file(Path pem) {
        return () -> PemFiles.readRevocationList(pem);
    }
}
