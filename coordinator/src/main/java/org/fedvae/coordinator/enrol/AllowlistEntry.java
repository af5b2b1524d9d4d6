package org.fedvae.coordinator.enrol;

import java.util.Base64;
import java.util.regex.Pattern;
import org.fedvae.protocol.transport.ParticipantCertificate;
import org.fedvae.protocol.transport.ParticipantIds;

/**
 * One enrolled participant.
 *
 * @param identityKey the Ed25519 identity public key, base64 of its DER SubjectPublicKeyInfo
 * @param certificateSha256 the SHA-256 fingerprint (lower-case hex) of the one TLS certificate
 *     accepted for this id: re-enrolment replaces it, which retires the old certificate
 * @param revoked a revoked participant is refused even with a valid certificate
 */
public record AllowlistEntry(String participantId, String identityKey, String certificateSha256, boolean revoked) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public AllowlistEntry {
        ParticipantIds.require(participantId);
        try {
            Base64.getDecoder().decode(identityKey);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("identity key of " + participantId + " is not base64");
        }
        if (certificateSha256 == null || !SHA256_HEX.matcher(certificateSha256).matches()) {
            throw new IllegalArgumentException(
                    "certificate fingerprint of " + participantId + " is not 64 lower-case hex digits");
        }
    }

    /** The active entry for a freshly issued certificate. */
    public static AllowlistEntry of(ParticipantCertificate certificate) {
        return new AllowlistEntry(
                certificate.participantId(),
                Base64.getEncoder().encodeToString(certificate.identityKey().getEncoded()),
                certificate.fingerprint(),
                false);
    }

    public AllowlistEntry asRevoked() {
        return new AllowlistEntry(participantId, identityKey, certificateSha256, true);
    }

    /** Whether {@code certificate} is exactly the one enrolled here, with the same identity key. */
    public boolean matches(ParticipantCertificate certificate) {
        return participantId.equals(certificate.participantId())
                && certificateSha256.equals(certificate.fingerprint())
                && identityKey.equals(Base64.getEncoder()
                        .encodeToString(certificate.identityKey().getEncoded()));
    }
}
