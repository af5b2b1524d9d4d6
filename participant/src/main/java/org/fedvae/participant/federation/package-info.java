/**
 * One site in a federation over the network. {@link org.fedvae.participant.federation.FederationParticipant}
 * (built from a {@link org.fedvae.participant.federation.ParticipantConfig}) connects to the
 * coordinator over TCP with mutual TLS or over an in-VM address, reconnecting with capped,
 * jittered backoff ({@link org.fedvae.participant.federation.ReconnectPolicy}); the {@code join}
 * command wraps it, and {@code init-model} writes the initial model for the coordinator.
 *
 * <p>Threads: all of a participant's network and round state lives on one event loop
 * ({@code ParticipantSession}); local training runs on a training executor, which simulations
 * share among many participants, with one VAE per training thread ({@code ThreadVaes}).
 *
 * <p>One round: {@code RoundStartCheck} validates the round start (safe secure-aggregation
 * configuration, this site under its own identity key, a round id never seen before, the model
 * and training settings; no unmasked round unless the operator consented to its id), then
 * {@code CohortCheck} authenticates every cohort member against the federation CA and checks the
 * revocation list (signed, unexpired, never older than one seen: {@code RevocationLedger}), or the
 * participant declines before anything of its own leaves it. {@code ParticipantRound} then runs a fresh {@code SecAggParticipant} while
 * {@code LocalTrainer} evaluates the received model on the local test images, trains from it with
 * a fresh Adam and returns the delta; the encoded delta goes into the machine, which masks it.
 * Images and the unmasked update never leave. The local test loss, the number of test images and
 * of clipped coordinates travel only as trailer words of the masked vector, so the coordinator
 * learns the cohort's totals, never this site's numbers.
 */
package org.fedvae.participant.federation;
