package org.fedvae.coordinator.federation;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.FederationComplete;
import org.fedvae.protocol.proto.RoundEnd;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.RoundTimeouts;
import org.fedvae.protocol.proto.TrainingPlan;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.ErrorReply;
import org.fedvae.protocol.transport.IdentityKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's rounds, one after another, on the {@link RoundThread}: waits for enough
 * participants, selects a cohort, sends the round start, lets a {@link RoundDriver} aggregate,
 * applies the server strategy, checkpoints, records metrics, tells the cohort the round ended,
 * and starts the next round. Also the one place that decides what to do with each participant
 * message: it belongs to the current round, is a harmless straggler of the previous one, or is
 * refused (error, connection closed, out of the round; nobody else affected).
 */
final class RoundOrchestrator {

    private static final Logger LOG = LoggerFactory.getLogger(RoundOrchestrator.class);

    private final RoundPolicy policy;
    private final RunState state;
    private final MetricsLog metrics;
    private final RoundThread thread;
    private final FederationListener listener;
    private final Consumer<Throwable> onFinished;
    private final TrafficCounter traffic = new TrafficCounter();
    private final Map<String, PeerLink> peers = new TreeMap<>();
    private RoundRun current;
    private long previousRound = -1;
    private Set<String> previousCohort = Set.of();
    private boolean finished;
    private volatile ModelParameters published;

    /** @param onFinished called once when the run ends: null after the last round, else the failure */
    RoundOrchestrator(RoundPolicy policy, RunState state, MetricsLog metrics, RoundThread thread,
                      FederationListener listener, Consumer<Throwable> onFinished) {
        this.policy = policy;
        this.state = state;
        this.metrics = metrics;
        this.thread = thread;
        this.listener = listener;
        this.onFinished = onFinished;
        this.published = state.globalModel();
    }

    /** The global model after the last finished round; safe from any thread. */
    ModelParameters globalModel() {
        return published;
    }

    // ------------------------------------------------------------------ events (round thread)

    void begin() {
        if (state.interruptedRound() > 0) {
            recordInterrupted(state.interruptedRound());
        }
        if (state.roundsDone() >= policy.rounds()) {
            LOG.info("all {} rounds are done already", policy.rounds());
        } else if (policy.secureAggregation()) {
            LOG.info("rounds {}..{}: at least {} participants, secure aggregation on", state.roundsDone() + 1, policy.rounds(),
                    policy.minParticipants());
        } else {
            LOG.warn("SECURE AGGREGATION IS OFF (--no-secagg): participants send their updates UNMASKED and this coordinator "
                    + "sees each one. For comparison runs only; participants must opt in with --allow-no-secagg.");
        }
        maybeStartRound();
    }

    void connected(AuthenticatedPeer peer, Channel channel) {
        String id = peer.participantId();
        PeerLink old = peers.get(id);
        if (old != null && old.channel() != channel) {
            // The old connection's close is still queued behind this event: it is gone all the same.
            disconnected(id, old.channel());
        }
        PeerLink link = new PeerLink(id, IdentityKeys.rawPublic(peer.identityKey()), channel, traffic);
        if (finished) {
            link.sendAndClose(Unpooled.wrappedBuffer(federationComplete().toByteArray()));
            return;
        }
        peers.put(id, link);
        LOG.info("participant {} joined: {} connected (a round needs {})", id, peers.size(), policy.minParticipants());
        notify(l -> l.participantConnected(id, peers.size()));
        afterEvent();
    }

    void disconnected(String id, Channel channel) {
        PeerLink link = peers.get(id);
        if (link == null || link.channel() != channel) {
            return;
        }
        peers.remove(id);
        LOG.info("participant {} left: {} connected", id, peers.size());
        if (current != null && current.inCohort(id)) {
            current.disconnected(id);
            if (current.markLeft(id)) {
                current.driver().onLeft(id);
            }
        }
        notify(l -> l.participantDisconnected(id, peers.size()));
        afterEvent();
    }

    void received(String id, Channel channel, Envelope e) {
        PeerLink link = peers.get(id);
        if (link == null || link.channel() != channel) {
            return; // from a connection already refused or replaced
        }
        traffic.received(e.getSerializedSize() + PeerLink.FRAME_PREFIX);
        switch (e.getBodyCase()) {
            case SECAGG, PLAIN_UPDATE, LOCAL_REPORT, ROUND_DECLINE -> roundMessage(link, e);
            case ERROR -> {
                LOG.warn("participant {} reported {}: {}", id, e.getError().getCode(), e.getError().getMessage());
                ErrorReply.closeSilently(channel, "participant sent an error");
            }
            default -> refuse(link, ErrorCode.WRONG_STAGE, e.getBodyCase() + " is a message the coordinator sends, not one it accepts");
        }
        afterEvent();
    }

    /** A bug on this side surfaced on the round thread: the round in progress aborts, the run goes on. */
    void internalError(RuntimeException e) {
        if (current != null) {
            current.fail("internal error on the coordinator: " + e);
            afterEvent();
        }
    }

    // ------------------------------------------------------------------ messages

    private void roundMessage(PeerLink link, Envelope e) {
        String id = link.id();
        long round = e.getRoundId();
        if (current != null && round == current.roundId() && current.inCohort(id)) {
            if (current.hasLeft(id)) {
                return; // declined or dismissed earlier in this round; its stragglers change nothing
            }
            switch (e.getBodyCase()) {
                case LOCAL_REPORT -> {
                    if (!current.tally.add(id, e.getLocalReport())) {
                        refuse(link, ErrorCode.WRONG_STAGE, "second LocalReport in round " + round);
                    }
                }
                case ROUND_DECLINE -> {
                    LOG.warn("round {}: participant {} declined: {}", round, id, e.getRoundDecline().getReason());
                    current.markLeft(id);
                    current.driver().onLeft(id);
                }
                default -> current.driver().onMessage(id, e);
            }
        } else if (round == previousRound && previousCohort.contains(id)) {
            LOG.debug("ignored a late {} from {} for the finished round {}", e.getBodyCase(), id, round);
        } else if (current != null && round == current.roundId()) {
            refuse(link, ErrorCode.WRONG_ROUND, "participant " + id + " is not in the cohort of round " + round);
        } else {
            refuse(link, ErrorCode.WRONG_ROUND, e.getBodyCase() + " for round " + Long.toUnsignedString(round) + "; "
                    + (current == null ? "no round is in progress" : "the current round is " + current.roundId()));
        }
    }

    private void refuse(PeerLink link, ErrorCode code, String message) {
        String id = link.id();
        peers.remove(id);
        LOG.warn("refusing participant {}: {}: {}", id, code, message);
        if (current != null && current.inCohort(id) && !current.hasLeft(id)) {
            current.refuse(id, code, message, true);
        } else {
            link.refuse(code, message);
        }
    }

    // ------------------------------------------------------------------ rounds

    private void afterEvent() {
        if (current != null && current.outcome() != null) {
            finishRound();
        }
        maybeStartRound();
    }

    private void maybeStartRound() {
        if (finished || current != null || thread.isClosed()) {
            return;
        }
        if (state.roundsDone() >= policy.rounds()) {
            finish();
            return;
        }
        if (peers.size() >= policy.minParticipants()) {
            startRound();
        }
    }

    private void startRound() {
        long roundId = state.roundsDone() + 1;
        List<String> cohort = CohortSelector.select(policy, roundId, peers.keySet());
        Map<String, Integer> ids = RoundRun.numbering(cohort);
        Map<Integer, byte[]> keys = new TreeMap<>();
        List<PeerLink> links = new ArrayList<>();
        for (String id : cohort) {
            links.add(peers.get(id));
            keys.put(ids.get(id), peers.get(id).identityKey());
        }
        EncodingConfig encoding = EncodingPlanner.plan(cohort.size(), policy.clipRange(), policy.maxWeight());
        RoundConfig config;
        try {
            config = RoundConfig.of(roundId, RoundConfig.defaultThreshold(cohort.size()), state.vectorLength(), encoding, keys);
        } catch (SecAggViolation v) {
            throw new IllegalStateException("the coordinator built an invalid round configuration: " + v.getMessage(), v);
        }
        try {
            state.roundStarting(roundId);
        } catch (IOException e) {
            LOG.error("cannot record the start of round {}; stopping the run", roundId, e);
            fail(e);
            return;
        }
        RoundRun run = new RoundRun(config, policy, links, thread, traffic, this::afterEvent);
        RoundDriver driver = policy.secureAggregation() ? new SecAggRoundDriver(run) : new PlainRoundDriver(run);
        run.attach(driver);
        current = run;

        Envelope start = Envelopes.newEnvelope("", roundId).setRoundStart(roundStart(config, cohort, ids)).build();
        current.broadcast(start);
        String line = String.format("round %d: cohort of %d (of %d connected), threshold %d, encoding %d scale bits "
                        + "(clip %s, weight cap %d), %s", roundId, cohort.size(), peers.size(), config.threshold(),
                encoding.scaleBits(), encoding.clipRange(), encoding.maxWeight(), cohort);
        if (policy.secureAggregation()) {
            LOG.info(line);
        } else {
            LOG.warn("WITHOUT SECURE AGGREGATION (--no-secagg): {}", line);
        }
        driver.start();
        notify(l -> l.roundStarted(roundId, cohort));
    }

    private RoundStart roundStart(RoundConfig config, List<String> cohort, Map<String, Integer> ids) {
        RoundStart.Builder b = RoundStart.newBuilder()
                .setSecagg(config.toProto())
                .setGlobalModel(state.globalModel().toProto())
                .setTraining(TrainingPlan.newBuilder()
                        .setLocalEpochs(policy.localEpochs())
                        .setLearningRate(policy.learningRate())
                        .setBatchSize(policy.batchSize())
                        .setKlBeta(policy.klBeta())
                        .setSeed(policy.seed()))
                .setTimeouts(RoundTimeouts.newBuilder()
                        .setKeyStageMillis((int) policy.keyStageTimeout().toMillis())
                        .setTrainingMillis((int) policy.trainingTimeout().toMillis()))
                .setSecureAggregation(policy.secureAggregation());
        for (String id : cohort) {
            b.addCohort(CohortEntry.newBuilder().setParticipantId(id).setSecaggId(ids.get(id)));
        }
        return b.build();
    }

    private void finishRound() {
        RoundRun r = current;
        RoundOutcome outcome = r.outcome();
        current = null;
        previousRound = r.roundId();
        previousCohort = new HashSet<>(r.cohort());
        List<String> survivors = List.of();
        Optional<String> abort = Optional.empty();
        if (outcome instanceof RoundOutcome.Completed c) {
            state.apply(c.averageDelta());
            survivors = c.survivors();
        } else {
            abort = Optional.of(((RoundOutcome.Aborted) outcome).reason());
        }
        try {
            state.roundDone(r.roundId());
        } catch (IOException | RuntimeException e) {
            // Going on without a checkpoint would make a crash lose rounds silently: stop instead,
            // and resume from the last good checkpoint once the disk is fixed.
            LOG.error("cannot checkpoint round {}; stopping the run", r.roundId(), e);
            fail(e);
            return;
        }
        published = state.globalModel();
        RoundMetrics m = new RoundMetrics(r.roundId(), policy.secureAggregation(), r.cohort(), r.config().threshold(), survivors,
                abort, r.tally.meanLoss(), r.tally.samples(), r.tally.clipped(), traffic.in() - r.bytesInAtStart,
                traffic.out() - r.bytesOutAtStart, r.clock.seconds(), (System.nanoTime() - r.startNanos) / 1e9);
        try {
            metrics.record(m);
        } catch (IOException e) {
            LOG.error("cannot write the metrics of round {}: {}", r.roundId(), e.getMessage());
        }
        r.broadcast(Envelopes.newEnvelope("", r.roundId()).setRoundEnd(RoundEnd.newBuilder()
                .setCompleted(abort.isEmpty())
                .setSurvivors(survivors.size())
                .setDetail(abort.orElse(""))).build());
        ModelParameters model = published;
        notify(l -> l.roundFinished(m, model));
    }

    /** A round a crash cut short shows up in the metrics as aborted, so the numbering has no silent gap. */
    private void recordInterrupted(long roundId) {
        RoundMetrics m = new RoundMetrics(roundId, policy.secureAggregation(), List.of(), 0, List.of(),
                Optional.of("interrupted: the coordinator stopped during the round"), Double.NaN, 0, 0, 0, 0, Map.of(), Double.NaN);
        try {
            metrics.record(m);
        } catch (IOException e) {
            LOG.error("cannot write the metrics of round {}: {}", roundId, e.getMessage());
        }
    }

    private Envelope federationComplete() {
        return Envelopes.newEnvelope("", 0).setFederationComplete(FederationComplete.newBuilder()
                .setRounds(state.roundsDone())
                .setFinalModel(published.toProto())).build();
    }

    private void finish() {
        finished = true;
        LOG.info("all {} rounds done; sending the final model to {} participants", policy.rounds(), peers.size());
        ByteBuf goodbye = Unpooled.wrappedBuffer(federationComplete().toByteArray());
        for (PeerLink link : peers.values()) {
            link.sendAndClose(goodbye.retainedDuplicate());
        }
        goodbye.release();
        peers.clear();
        ModelParameters model = published;
        notify(l -> l.federationFinished(state.roundsDone(), model));
        onFinished.accept(null);
    }

    private void fail(Throwable cause) {
        finished = true;
        for (PeerLink link : peers.values()) {
            link.refuse(ErrorCode.INTERNAL, "the coordinator stopped");
        }
        peers.clear();
        onFinished.accept(cause);
    }

    private void notify(Consumer<FederationListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("a federation listener failed", e);
        }
    }
}
