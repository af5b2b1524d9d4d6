/**
 * Who may be in a cohort: every member is authenticated to every participant by its participant
 * certificate (chained to the federation CA, naming the member, carrying the identity key the
 * round lists for it) and by the federation's certificate revocation list, signed by the CA and
 * passed along by the coordinator. Entry point: {@link org.fedvae.protocol.cohort.CohortCertificates#verify}.
 * Operators issue revocation lists with {@link org.fedvae.protocol.cohort.RevocationListIssuer}.
 */
package org.fedvae.protocol.cohort;
