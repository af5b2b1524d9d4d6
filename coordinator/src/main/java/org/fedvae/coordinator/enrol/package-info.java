/**
 * Enrolment, run by the federation's CA operator ({@code fedvae-coordinator enrol ...}): the CA,
 * the coordinator's TLS credentials, participant identities and the coordinator's allowlist; and
 * the {@link org.fedvae.coordinator.enrol.CertificateAuthenticator} that admits a participant after
 * mutual TLS only if the allowlist lists exactly its certificate as active.
 *
 * <p>Revocation: {@code enrol revoke} marks the id revoked, and {@code enrol participant --force}
 * replaces the certificate (the allowlist pins one certificate fingerprint per id, so the old one
 * is refused). Both take effect for the next connection without a restart; connections already
 * open are not closed by this package.
 */
package org.fedvae.coordinator.enrol;
