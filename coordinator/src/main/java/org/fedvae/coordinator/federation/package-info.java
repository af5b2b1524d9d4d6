/**
 * The coordinator's rounds over the network. {@link org.fedvae.coordinator.federation.FederationCoordinator}
 * (built from a {@link org.fedvae.coordinator.federation.CoordinatorConfig} with a
 * {@link org.fedvae.coordinator.federation.RoundPolicy}) listens on TCP or an in-VM address with
 * the transport pipeline of {@code org.fedvae.protocol.transport}; the {@code serve} command wraps it.
 *
 * <p>Threads: Netty's event loops only decode and authenticate; every participant event goes to
 * one round thread ({@code RoundThread}), which owns all round state, timers included, so the
 * round code has no locks. {@code PeerHandler} is the bridge; {@code UniquePeers} (one concurrent
 * map) refuses a second connection under a connected id during the handshake.
 *
 * <p>One round ({@code RoundOrchestrator}): enough participants connected, a seeded cohort
 * ({@code CohortSelector}), the fixed-point encoding for that cohort size ({@link
 * org.fedvae.coordinator.federation.EncodingPlanner}), the round id recorded, RoundStart (global
 * model, secure-aggregation configuration, id map, training plan, deadlines) to the cohort; then a
 * {@code RoundDriver} aggregates: {@code SecAggRoundDriver} runs the protocol module's
 * {@code SecAggCoordinator} with one deadline per stage, {@code PlainRoundDriver} (--no-secagg,
 * comparison only) sums unmasked encodings. The average update goes to the server strategy
 * (Flower's split of strategy from transport), the state is checkpointed ({@code RunState}),
 * the metrics row written ({@code MetricsLog}), the cohort told (RoundEnd), listeners called
 * ({@link org.fedvae.coordinator.federation.FederationListener}), and the next round starts.
 *
 * <p>Bad input: a message that does not belong to the current round and stage, or that the
 * secure-aggregation machine rejects, gets its sender one ErrorMessage and a closed connection;
 * it leaves the round and everyone else's round goes on. Stragglers of the previous round, and a
 * message that crossed its sender's dismissal, are ignored.
 */
package org.fedvae.coordinator.federation;
