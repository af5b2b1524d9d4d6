package org.fedvae.coordinator.federation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.fedvae.protocol.encoding.CohortEvaluation;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.transport.Envelopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round after its RoundStart went out, as a machine without I/O: the cohort's messages,
 * departures and deadlines go in, actions go to the {@link Outbox}, and once aggregation ended
 * there is an {@link #outcome()}. Owns what is per round: the {@link Cohort} with its record of
 * departures, the aggregation strategy, stage times and the one pending
 * deadline (a token; a deadline that was replaced or cancelled is ignored when it fires).
 */
final class RoundMachine {

    private static final Logger LOG = LoggerFactory.getLogger(RoundMachine.class);

    private final RoundConfig config;
    private final Cohort cohort;
    private final RoundPolicy policy;
    private final DdpParameters clientDp; // null: the plain fixed-point encoding
    private final Outbox out;
    private final TrafficCounter traffic;
    private final LongSupplier nanos;
    private final LongSupplier tokens;
    private final StageClock clock;
    private final AggregationStrategy strategy;
    private final long startNanos;
    private final long bytesInAtStart;
    private final long bytesOutAtStart;
    private long deadline;
    private RoundOutcome outcome;

    /**
     * @param nanos  the clock stage and round times are measured on
     * @param tokens hands out deadline tokens, unique across rounds
     */
    RoundMachine(
            RoundConfig config,
            Cohort cohort,
            RoundPolicy policy,
            Outbox out,
            TrafficCounter traffic,
            LongSupplier nanos,
            LongSupplier tokens,
            DdpParameters clientDp) {
        this.config = config;
        this.clientDp = clientDp;
        this.cohort = cohort;
        this.policy = policy;
        this.out = out;
        this.traffic = traffic;
        this.nanos = nanos;
        this.tokens = tokens;
        this.clock = new StageClock(nanos);
        this.startNanos = nanos.getAsLong();
        this.bytesInAtStart = traffic.in();
        this.bytesOutAtStart = traffic.out();
        this.strategy = policy.secureAggregation() ? new SecAggStrategy(this) : new PlainStrategy(this);
    }

    void start() {
        strategy.start();
    }

    // ------------------------------------------------------------------ events

    /**
     * A round message (SECAGG, PLAIN_UPDATE, LOCAL_REPORT, ROUND_DECLINE) from a cohort member. A LocalReport
     * is refused: per-site numbers travel only inside the (masked) vector.
     */
    void message(String participantId, Envelope e) {
        if (outcome != null || cohort.hasLeft(participantId)) {
            return; // declined or dismissed earlier in this round; its stragglers change nothing
        }
        switch (e.getBodyCase()) {
            case LOCAL_REPORT ->
                refuse(
                        participantId,
                        ErrorCode.WRONG_STAGE,
                        "LocalReport in round " + roundId()
                                + ": protocol version 2 carries a site's evaluation and clip count only inside its update vector",
                        true);
            case ROUND_DECLINE -> {
                LOG.warn(
                        "round {}: participant {} declined: {}",
                        roundId(),
                        participantId,
                        e.getRoundDecline().getReason());
                if (cohort.leave(participantId)) {
                    strategy.left(participantId);
                }
            }
            default -> strategy.message(participantId, e);
        }
    }

    /** The member's connection closed. */
    void disconnected(String participantId) {
        if (cohort.disconnect(participantId) && outcome == null) {
            strategy.left(participantId);
        }
    }

    /**
     * Refuses a member: error, closed connection, out of the round. The strategy hears of it
     * unless it made the decision itself ({@code tellStrategy} false).
     */
    void refuse(String participantId, ErrorCode code, String message, boolean tellStrategy) {
        out.refuse(participantId, code, message);
        if (cohort.disconnect(participantId) && tellStrategy && outcome == null) {
            strategy.left(participantId);
        }
    }

    /** False (and nothing happens) unless {@code token} is the pending deadline's. */
    boolean deadlinePassed(long token) {
        if (token != deadline || outcome != null) {
            return false;
        }
        deadline = 0;
        strategy.deadlinePassed();
        return true;
    }

    /** Ends the round as aborted whatever the strategy's state (an internal error on this side). */
    void fail(RoundAbort.Cause cause, String detail) {
        end(new RoundOutcome.Aborted(new RoundAbort(cause, clock.stage(), detail)));
    }

    // ------------------------------------------------------------------ for the strategies

    /** Enters a stage: its time starts counting and its deadline replaces the pending one. */
    void enterStage(String name, Duration timeout) {
        clock.enter(name);
        cancelDeadline();
        deadline = tokens.getAsLong();
        out.arm(deadline, timeout);
        long round = roundId();
        out.notify(l -> l.stageStarted(round, name, timeout));
    }

    /** Aggregation is over, either way; the first outcome counts. */
    void end(RoundOutcome o) {
        if (outcome == null) {
            clock.stop();
            cancelDeadline();
            outcome = o;
        }
    }

    /** Sends to a member whose connection is still open. */
    void send(String participantId, Envelope envelope) {
        if (cohort.isReachable(participantId)) {
            out.send(participantId, envelope);
        }
    }

    /** A coordinator envelope for this round; the caller sets the body. */
    Envelope.Builder envelope() {
        return Envelopes.newEnvelope("", roundId());
    }

    Duration keyStageTimeout() {
        return policy.deadlines().keyStage();
    }

    Duration trainingTimeout() {
        return policy.deadlines().training();
    }

    private void cancelDeadline() {
        if (deadline != 0) {
            out.add(new RoundAction.CancelDeadline(deadline));
            deadline = 0;
        }
    }

    // ------------------------------------------------------------------ state

    long roundId() {
        return config.roundId();
    }

    /** The round's client-level DP encoding, or null. */
    DdpParameters clientDp() {
        return clientDp;
    }

    RoundConfig config() {
        return config;
    }

    Cohort cohort() {
        return cohort;
    }

    /** Null while aggregation runs. */
    RoundOutcome outcome() {
        return outcome;
    }

    /** What the round did; call once it has an outcome. */
    RoundMetrics metrics() {
        List<String> survivors = outcome instanceof RoundOutcome.Completed c ? c.survivors() : List.of();
        long weight = outcome instanceof RoundOutcome.Completed c ? c.totalWeight() : 0;
        Optional<RoundAbort> abort =
                outcome instanceof RoundOutcome.Aborted a ? Optional.of(a.abort()) : Optional.empty();
        // Only the survivors' totals exist: an aborted round unmasked nothing, so it has no evaluation.
        CohortEvaluation ev =
                outcome instanceof RoundOutcome.Completed c ? c.evaluation() : new CohortEvaluation(0, 0, 0);
        return new RoundMetrics(
                roundId(),
                policy.secureAggregation(),
                cohort.members(),
                config.threshold(),
                survivors,
                abort,
                Optional.of(config.encoding()),
                weight,
                ev.meanLoss(),
                ev.samples(),
                ev.clippedCoordinates(),
                traffic.in() - bytesInAtStart,
                traffic.out() - bytesOutAtStart,
                clock.seconds(),
                (nanos.getAsLong() - startNanos) / 1e9);
    }
}
