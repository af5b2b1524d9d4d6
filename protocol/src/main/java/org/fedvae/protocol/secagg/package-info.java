/**
 * Secure aggregation (Bonawitz et al., CCS 2017, active-adversary variant with dropout recovery)
 * as two I/O-free state machines: {@link org.fedvae.protocol.secagg.SecAggParticipant} and
 * {@link org.fedvae.protocol.secagg.SecAggCoordinator}. Messages are
 * {@link org.fedvae.protocol.proto.SecAggMessage} envelopes (secagg.proto); a network layer frames
 * them, authenticates {@code sender_id}, and drives time by calling the deadline methods.
 *
 * <p>Each side has one package-private class per stage ({@code Participant*State},
 * {@code Coordinator*State}): AdvertiseKeys, ShareKeys, MaskedInput, ConsistencyCheck,
 * Unmasking, then Completed or Aborted. A round needs {@link org.fedvae.protocol.secagg.RoundConfig}:
 * round id, threshold t (n/2 &lt; t &lt;= n, default floor(2n/3)+1), vector length, encoding, and the
 * cohort's enrolled Ed25519 identity keys. Above 255 participants a configuration may set a graph degree k:
 * SecAgg+ (Bell et al., CCS 2020), where {@code SessionGraph} restricts masks and shares to each
 * participant's neighbourhood in a Harary graph on U1 and t is per neighbourhood; the parameter rule and
 * the graph are in {@code org.fedvae.protocol.secagg.graph}.
 *
 * <p>Set names follow the paper: U1 advertised keys, U2 sent shares, U3 sent masked inputs (the
 * survivors whose updates are summed), U4 signed U3, and the unmasking responses come from U4.
 * The test tooling that runs whole rounds in one thread (the message router
 * {@code org.fedvae.protocol.harness.SecAggRouter}, {@code InMemoryRound}) lives in the
 * protocol/harness module, outside this jar.
 */
package org.fedvae.protocol.secagg;
