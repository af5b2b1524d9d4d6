package org.fedvae.coordinator.enrol;

import java.nio.file.Path;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.ParticipantIds;

/**
 * Where enrolment keeps a federation's files:
 *
 * <pre>
 * D/ca/ca.key, ca.crt                         the CA (keep ca.key offline once enrolment is done)
 * D/coordinator/tls.key, tls.crt, ca.crt      the coordinator's credentials
 * D/coordinator/allowlist.txt                 enrolled participants
 * D/coordinator/crl.pem                       the revocation list, signed by the CA (copy it to the coordinator)
 * D/participants/ID/identity.key, tls.key, tls.crt, ca.crt
 *                                             one participant's credentials, to hand to that site
 * </pre>
 */
public record FederationDirectory(Path root) {

    public FederationDirectory {
        root = root.toAbsolutePath().normalize();
    }

    public Path caDirectory() {
        return root.resolve("ca");
    }

    public Path caKey() {
        return caDirectory().resolve("ca.key");
    }

    public Path caCertificate() {
        return caDirectory().resolve("ca.crt");
    }

    public CredentialFiles coordinator() {
        return new CredentialFiles(root.resolve("coordinator"));
    }

    public Path allowlist() {
        return coordinator().directory().resolve("allowlist.txt");
    }

    public Path revocationList() {
        return coordinator().revocationList();
    }

    public CredentialFiles participant(String participantId) {
        // The id is validated, so it is one plain path segment inside participants/.
        return new CredentialFiles(root.resolve("participants").resolve(ParticipantIds.require(participantId)));
    }

    Path lockFile() {
        return root.resolve(".enrol.lock");
    }
}
