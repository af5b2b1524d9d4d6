/**
 * The coordinator's rounds over the network. {@link org.fedvae.coordinator.federation.FederationCoordinator}
 * (built from a {@link org.fedvae.coordinator.federation.CoordinatorConfig} with a
 * {@link org.fedvae.coordinator.federation.RoundPolicy}) listens on TCP or an in-VM address with
 * the transport pipeline of {@code org.fedvae.protocol.transport}; the {@code serve} command wraps it
 * (its round options are mixins shared with the simulations' {@code run}).
 *
 * <p>Decisions and I/O are apart, as in the protocol's {@code SecAggCoordinator}: {@code FederationMachine}
 * (who is connected, when a round starts, where a message goes, what a finished round leads to) and
 * {@code RoundMachine} (one round) take events and return {@code RoundAction}s; they never touch a
 * socket, a timer, a file or the clock (one is injected). {@code ActionExecutor} turns channel events
 * into machine events and carries out the actions. Threads: Netty's event loops only decode and
 * authenticate; every event goes to one round thread ({@code RoundThread}), so nothing needs locks.
 * {@code PeerHandler} is the bridge; {@code UniquePeers} refuses a second connection under a
 * connected id during the handshake.
 *
 * <p>One round, hop by hop:
 * <ol>
 *   <li>{@code FederationMachine.afterEvent}: enough participants are connected, so
 *       {@code FederationMachine.startRound}: {@code CohortSelector.select} (seeded cohort) into a
 *       {@code Cohort} (secure-aggregation ids 1..n); {@code RoundOpening.config} (threshold, the
 *       encoding from {@code EncodingPlanner.plan}, identity keys) and {@code RoundOpening.roundStart}
 *       (global model, training plan, deadlines); actions: record the round start, broadcast RoundStart.</li>
 *   <li>{@code RoundMachine.start} then {@code SecAggStrategy.start} (or {@code PlainStrategy.start}
 *       for --no-secagg comparison runs): {@code RoundMachine.enterStage} arms the stage's deadline.</li>
 *   <li>Each message: {@code PeerHandler.channelRead}, {@code ActionExecutor.received},
 *       {@code FederationMachine.received} and {@code .roundMessage} (current round, straggler of the
 *       previous one, or refused), {@code RoundMachine.message} (a LocalReport refused, a decline to
 *       the {@code Cohort}), {@code SecAggStrategy.message}, the
 *       protocol's {@code SecAggCoordinator.handle}, {@code SecAggStrategy.process}: replies via
 *       {@code RoundMachine.send}, refusals via {@code RoundMachine.refuse}, the next stage via
 *       {@code RoundMachine.enterStage}. A departure ({@code FederationMachine.disconnected},
 *       {@code RoundMachine.disconnected}) and a deadline ({@code FederationMachine.deadlinePassed},
 *       {@code RoundMachine.deadlinePassed}, token checked) take the same path to the strategy.</li>
 *   <li>{@code SecAggStrategy.complete}: {@code RoundMachine.end} with a {@code RoundOutcome.Completed}
 *       (average update, survivors, encoding, total weight, and the evaluation and clip totals from the
 *       sum's trailer words) or an {@code Aborted} ({@code RoundAbort}).</li>
 *   <li>{@code FederationMachine.afterEvent} then {@code .finishRound}: {@code RunState.apply} (server
 *       strategy: the new global model) and {@code RunState.roundDone}; actions: checkpoint
 *       ({@code ActionExecutor} calls {@code RunState.checkpoint}), the metrics row ({@code MetricsLog}),
 *       RoundEnd to the cohort, listeners ({@link org.fedvae.coordinator.federation.FederationListener});
 *       then the next round starts.</li>
 * </ol>
 *
 * <p>Bad input: a message that does not belong to the current round and stage, or that the
 * secure-aggregation machine rejects, gets its sender one ErrorMessage and a closed connection;
 * it leaves the round and everyone else's round goes on. Stragglers of the previous round, and a
 * message that crossed its sender's dismissal, are ignored. A failed checkpoint stops the run.
 */
package org.fedvae.coordinator.federation;
