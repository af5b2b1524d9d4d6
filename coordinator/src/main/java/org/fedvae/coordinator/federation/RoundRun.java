package org.fedvae.coordinator.federation;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.transport.Envelopes;

/**
 * One round in progress: its cohort and the mapping between transport ids and secure-aggregation
 * ids, the cohort's connections, the stage clock, the evaluation tally and the one pending
 * deadline. The drivers reach the network only through this class. Round thread only.
 */
final class RoundRun {

    private final RoundConfig config;
    private final RoundPolicy policy;
    private final List<String> cohort;
    private final Map<String, Integer> secaggIds = new HashMap<>();
    private final Map<Integer, String> participantIds = new HashMap<>();
    private final Map<String, PeerLink> links = new HashMap<>();
    private final RoundThread thread;
    private final Runnable afterTimer;
    final StageClock clock = new StageClock();
    final EvaluationTally tally = new EvaluationTally();
    final long startNanos = System.nanoTime();
    final long bytesInAtStart;
    final long bytesOutAtStart;
    private final java.util.Set<String> left = new java.util.HashSet<>();
    private RoundDriver driver;
    private RoundOutcome forcedOutcome;
    private ScheduledFuture<?> deadline;
    private int deadlineGeneration;

    /**
     * @param links      the cohort's connections, sorted by id; secure-aggregation ids are 1..n in this order
     * @param afterTimer called on the round thread after a deadline was handled
     */
    RoundRun(RoundConfig config, RoundPolicy policy, List<PeerLink> links, RoundThread thread, TrafficCounter traffic,
             Runnable afterTimer) {
        this.config = config;
        this.policy = policy;
        this.thread = thread;
        this.afterTimer = afterTimer;
        List<String> ids = new ArrayList<>();
        for (PeerLink link : links) {
            ids.add(link.id());
            this.links.put(link.id(), link);
        }
        secaggIds.putAll(numbering(ids));
        secaggIds.forEach((id, number) -> participantIds.put(number, id));
        this.cohort = Collections.unmodifiableList(ids);
        this.bytesInAtStart = traffic.in();
        this.bytesOutAtStart = traffic.out();
    }

    /** Secure-aggregation ids for a cohort sorted by transport id: 1..n in that order. */
    static Map<String, Integer> numbering(List<String> sortedCohort) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < sortedCohort.size(); i++) {
            m.put(sortedCohort.get(i), i + 1);
        }
        return m;
    }

    void attach(RoundDriver d) {
        this.driver = d;
    }

    RoundDriver driver() {
        return driver;
    }

    /** The outcome, once the driver (or a failure) ended the round; null while it runs. */
    RoundOutcome outcome() {
        return forcedOutcome != null ? forcedOutcome : driver == null ? null : driver.outcome();
    }

    /** Ends the round as aborted whatever the driver's state (an internal error on this side). */
    void fail(String reason) {
        cancelDeadline();
        clock.stop();
        if (outcome() == null) {
            forcedOutcome = new RoundOutcome.Aborted(reason);
        }
    }

    /** The member is out of this round (declined, disconnected or refused); later messages are ignored. */
    boolean markLeft(String participantId) {
        return left.add(participantId);
    }

    boolean hasLeft(String participantId) {
        return left.contains(participantId);
    }

    long roundId() {
        return config.roundId();
    }

    RoundConfig config() {
        return config;
    }

    List<String> cohort() {
        return cohort;
    }

    boolean inCohort(String participantId) {
        return secaggIds.containsKey(participantId);
    }

    int secaggId(String participantId) {
        Integer id = secaggIds.get(participantId);
        if (id == null) {
            throw new IllegalArgumentException(participantId + " is not in the cohort of round " + roundId());
        }
        return id;
    }

    String participantId(int secaggId) {
        String id = participantIds.get(secaggId);
        if (id == null) {
            throw new IllegalArgumentException("no participant has secure-aggregation id " + secaggId + " in round " + roundId());
        }
        return id;
    }

    /** A coordinator envelope for this round; the caller sets the body. */
    Envelope.Builder envelope() {
        return Envelopes.newEnvelope("", roundId());
    }

    /** Sends to a cohort member that is still connected. */
    void send(String participantId, Envelope envelope) {
        PeerLink link = links.get(participantId);
        if (link != null) {
            link.send(envelope);
        }
    }

    /** Sends the same envelope to every member still connected, serialized once. */
    void broadcast(Envelope envelope) {
        ByteBuf encoded = Unpooled.wrappedBuffer(envelope.toByteArray());
        try {
            for (PeerLink link : links.values()) {
                link.sendEncoded(encoded.retainedDuplicate());
            }
        } finally {
            encoded.release();
        }
    }

    /** The member's connection is gone (or about to be): nothing more is sent to it. */
    void disconnected(String participantId) {
        links.remove(participantId);
    }

    /**
     * Refuses a member's message: error, closed connection, out of the round. The driver hears
     * of it through {@link RoundDriver#onLeft} unless it made the decision itself.
     */
    void refuse(String participantId, ErrorCode code, String message, boolean tellDriver) {
        PeerLink link = links.remove(participantId);
        if (link != null) {
            link.refuse(code, message);
        }
        if (markLeft(participantId) && tellDriver) {
            driver.onLeft(participantId);
        }
    }

    /** Replaces the pending deadline: after {@code timeout}, {@code onDeadline} runs (unless replaced again). */
    void armDeadline(Duration timeout, Runnable onDeadline) {
        cancelDeadline();
        int generation = ++deadlineGeneration;
        deadline = thread.schedule(() -> {
            // A deadline that was replaced after it had already been queued must not fire.
            if (generation == deadlineGeneration) {
                deadline = null;
                onDeadline.run();
                afterTimer.run();
            }
        }, timeout);
    }

    void cancelDeadline() {
        deadlineGeneration++;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    Duration keyStageTimeout() {
        return policy.keyStageTimeout();
    }

    Duration trainingTimeout() {
        return policy.trainingTimeout();
    }
}
