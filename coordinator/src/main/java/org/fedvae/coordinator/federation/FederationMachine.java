package org.fedvae.coordinator.federation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.transport.Envelopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's rounds, one after another, as a machine without I/O in the style of the
 * protocol's {@code SecAggCoordinator}: each event (a participant connected or left, a message
 * arrived, a deadline passed, storage failed) returns the {@link RoundAction}s to carry out, in
 * order. Keeps who is connected, starts a round once enough are (cohort, configuration, RoundStart),
 * routes each message to the round in progress or refuses it, and closes a finished round: the
 * average update applied to the state, checkpoint, metrics, RoundEnd, listeners; then the next round.
 * One thread at a time (the round thread, or a test).
 */
final class FederationMachine {

    private static final Logger LOG = LoggerFactory.getLogger(FederationMachine.class);

    private final RoundPolicy policy;
    private final RunState state;
    private final LongSupplier nanos;
    private final TrafficCounter traffic = new TrafficCounter();
    /** Connected participants, their raw identity keys and certificates; a refused one leaves at once (see {@link Outbox}). */
    private final Map<String, RoundOpening.Member> peers = new TreeMap<>();

    private final Outbox out = new Outbox(traffic, peers::remove);
    private RoundMachine current;
    private long previousRound = -1;
    private Set<String> previousCohort = Set.of();
    private long lastDeadlineToken;
    private boolean finished;

    /** @param nanos the clock round and stage times are measured on ({@code System::nanoTime}, or a fixed one in tests) */
    FederationMachine(RoundPolicy policy, RunState state, LongSupplier nanos) {
        this.policy = policy;
        this.state = state;
        this.nanos = nanos;
    }

    // ------------------------------------------------------------------ events

    List<RoundAction> begin() {
        if (state.interruptedRound() > 0) {
            RoundMetrics interrupted = RoundMetrics.interrupted(state.interruptedRound(), policy.secureAggregation());
            out.add(new RoundAction.RecordMetrics(interrupted));
        }
        RunLog.begin(policy, state.roundsDone());
        return afterEvent();
    }

    /** A participant passed the handshake; a connection it still had is gone (its close is queued behind this event). */
    List<RoundAction> connected(String id, byte[] identityKey, byte[] certificate) {
        if (peers.containsKey(id)) {
            departed(id);
        }
        if (finished) {
            out.add(new RoundAction.Farewell(List.of(id), federationComplete()));
            return out.drain();
        }
        peers.put(id, new RoundOpening.Member(identityKey, certificate));
        int connected = peers.size();
        LOG.info(
                "participant {} joined: {} connected (a round needs {})",
                id,
                connected,
                policy.cohort().neededToStart());
        out.notify(l -> l.participantConnected(id, connected));
        return afterEvent();
    }

    List<RoundAction> disconnected(String id) {
        if (peers.containsKey(id)) {
            departed(id);
        }
        return afterEvent();
    }

    List<RoundAction> received(String id, Envelope e) {
        if (!peers.containsKey(id)) {
            return out.drain(); // from a participant already refused
        }
        traffic.received(e.getSerializedSize() + Outbox.FRAME_PREFIX);
        switch (e.getBodyCase()) {
            case SECAGG, PLAIN_UPDATE, LOCAL_REPORT, ROUND_DECLINE -> roundMessage(id, e);
            case ERROR -> {
                LOG.warn(
                        "participant {} reported {}: {}",
                        id,
                        e.getError().getCode(),
                        e.getError().getMessage());
                out.add(new RoundAction.Close(id, "participant sent an error"));
            }
            default ->
                refuse(
                        id,
                        ErrorCode.WRONG_STAGE,
                        e.getBodyCase() + " is a message the coordinator sends, not one it accepts");
        }
        return afterEvent();
    }

    /** A deadline armed earlier passed; one that was cancelled or belongs to an ended round is ignored. */
    List<RoundAction> deadlinePassed(long token) {
        if (current == null || !current.deadlinePassed(token)) {
            LOG.debug("ignored the stale deadline {}", token);
            return out.drain();
        }
        return afterEvent();
    }

    /** A bug on this side surfaced while handling an event: the round in progress aborts, the run goes on. */
    List<RoundAction> internalError(RuntimeException e) {
        if (current != null) {
            current.fail(RoundAbort.Cause.INTERNAL_ERROR, "internal error on the coordinator: " + e);
            return afterEvent();
        }
        return out.drain();
    }

    /**
     * Recording a round's start or checkpointing its end failed. Going on without a checkpoint
     * would make a crash lose rounds silently: the run stops instead, and resumes from the last
     * good checkpoint once the disk is fixed.
     */
    List<RoundAction> storageFailed(Exception e) {
        LOG.error("cannot record the state of the run; stopping the run", e);
        current = null;
        finished = true;
        for (String id : List.copyOf(peers.keySet())) {
            out.refuse(id, ErrorCode.INTERNAL, "the coordinator stopped");
        }
        out.add(new RoundAction.Finish(e));
        return out.drain();
    }

    private void departed(String id) {
        peers.remove(id);
        LOG.info("participant {} left: {} connected", id, peers.size());
        if (current != null && current.cohort().contains(id)) {
            current.disconnected(id);
        }
        int connected = peers.size();
        out.notify(l -> l.participantDisconnected(id, connected));
    }

    private void roundMessage(String id, Envelope e) {
        long round = e.getRoundId();
        if (current != null && round == current.roundId() && current.cohort().contains(id)) {
            current.message(id, e);
        } else if (round == previousRound && previousCohort.contains(id)) {
            LOG.debug("ignored a late {} from {} for the finished round {}", e.getBodyCase(), id, round);
        } else if (current != null && round == current.roundId()) {
            refuse(id, ErrorCode.WRONG_ROUND, "participant " + id + " is not in the cohort of round " + round);
        } else {
            refuse(
                    id,
                    ErrorCode.WRONG_ROUND,
                    e.getBodyCase() + " for round " + Long.toUnsignedString(round) + "; "
                            + (current == null
                                    ? "no round is in progress"
                                    : "the current round is " + current.roundId()));
        }
    }

    private void refuse(String id, ErrorCode code, String message) {
        LOG.warn("refusing participant {}: {}: {}", id, code, message);
        if (current != null && current.cohort().contains(id)) {
            current.refuse(id, code, message, true);
        } else {
            out.refuse(id, code, message);
        }
    }

    // ------------------------------------------------------------------ rounds

    private List<RoundAction> afterEvent() {
        if (current != null && current.outcome() != null) {
            finishRound();
        }
        if (!finished && current == null) {
            if (state.roundsDone() >= policy.rounds()) {
                finish();
            } else if (peers.size() >= policy.cohort().neededToStart()) {
                startRound();
            }
        }
        return out.drain();
    }

    private void startRound() {
        long roundId = state.roundsDone() + 1;
        Cohort cohort = new Cohort(roundId, CohortSelector.select(policy, roundId, peers.keySet()));
        ClientDpPolicy dp = policy.clientDp();
        int masked = dp == null ? state.vectorLength() : ClientDpPolicy.paddedLength(state.vectorLength());
        RoundConfig unbound = RoundOpening.config(policy, roundId, masked, cohort, peers);
        DdpParameters ddp = dp == null ? null : dp.plan(state.vectorLength(), cohort.size(), unbound.threshold());
        RoundConfig config = RoundOpening.bindClientDp(unbound, ddp);
        out.add(new RoundAction.RecordRoundStart(roundId));
        current = new RoundMachine(config, cohort, policy, out, traffic, nanos, () -> ++lastDeadlineToken, ddp);
        out.broadcast(
                cohort.members(),
                Envelopes.newEnvelope("", roundId)
                        .setRoundStart(RoundOpening.roundStart(policy, config, cohort, state.globalModel(), peers, ddp))
                        .build());
        RunLog.roundStarting(policy, config, cohort, peers.size());
        current.start();
        out.notify(l -> l.roundStarted(roundId, cohort.members(), config.threshold()));
    }

    private void finishRound() {
        RoundMachine r = current;
        current = null;
        previousRound = r.roundId();
        previousCohort = Set.copyOf(r.cohort().members());
        if (r.outcome() instanceof RoundOutcome.Completed c) {
            state.apply(c.averageDelta());
        }
        state.roundDone(r.roundId());
        ModelParameters model = state.globalModel();
        out.add(new RoundAction.Checkpoint(r.roundId(), model));
        RoundMetrics m = r.metrics();
        out.add(new RoundAction.RecordMetrics(m));
        out.broadcast(r.cohort().reachable(), RunLog.roundEnd(m));
        out.notify(l -> l.roundFinished(m, model));
    }

    private Envelope federationComplete() {
        return RunLog.federationComplete(state.roundsDone(), state.globalModel());
    }

    private void finish() {
        finished = true;
        LOG.info("all {} rounds done; sending the final model to {} participants", policy.rounds(), peers.size());
        out.add(new RoundAction.Farewell(List.copyOf(peers.keySet()), federationComplete()));
        peers.clear();
        long rounds = state.roundsDone();
        ModelParameters model = state.globalModel();
        out.notify(l -> l.federationFinished(rounds, model));
        out.add(new RoundAction.Finish(null));
    }
}
