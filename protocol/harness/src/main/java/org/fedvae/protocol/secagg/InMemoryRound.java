package org.fedvae.protocol.secagg;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * Runs one round between a coordinator and participants in one thread, routing messages in
 * memory: for tests, simulations and benchmarks, never for production. Dropouts follow a
 * schedule: a participant scheduled to drop at stage S never sends S's message or any later one.
 * When a stage cannot complete any more, the driver plays the coordinator's timer and calls
 * {@link SecAggCoordinator#stageDeadlinePassed()}.
 *
 * <p>Every message can be serialized and parsed on the way (as a network would), and the bytes
 * each participant sends are counted. With a clock, the time spent inside each participant's and
 * the coordinator's calls is measured; routing and serialization are not counted.
 */
public final class InMemoryRound {

    /** What happened, per participant and for the coordinator. */
    public record Result(SecAggStage coordinatorStage,
                         Map<Integer, SecAggStage> participantStages,
                         Map<Integer, Long> participantNanos,
                         long coordinatorNanos,
                         Map<Integer, Long> bytesUp,
                         List<Rejection> rejections) {
    }

    private final SecAggCoordinator coordinator;
    private final Map<Integer, SecAggParticipant> participants = new TreeMap<>();
    private final Map<Integer, SecAggStage> dropAt;
    private final boolean serialize;
    private final boolean announceDropouts;
    private final LongSupplier clock;
    private Consumer<SecAggStage> stageListener = s -> { };
    private SecAggStage lastStage;

    private final Map<Integer, Long> participantNanos = new HashMap<>();
    private final Map<Integer, Long> bytesUp = new HashMap<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final Deque<SecAggMessage> toCoordinator = new ArrayDeque<>();
    private final Deque<Outgoing> toParticipants = new ArrayDeque<>();
    private final Map<Integer, Boolean> dropped = new HashMap<>();
    private long coordinatorNanos;

    /**
     * @param dropAt           per participant id, the stage whose message it never sends (absent: it never drops)
     * @param serialize        round-trip every message through its wire bytes
     * @param announceDropouts tell the coordinator when a participant drops (a closed connection)
     *                         rather than leaving it to the deadline
     * @param clock            nanosecond clock for timing, or null for none
     */
    public InMemoryRound(SecAggCoordinator coordinator, Collection<SecAggParticipant> participants,
                         Map<Integer, SecAggStage> dropAt, boolean serialize, boolean announceDropouts, LongSupplier clock) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        for (SecAggParticipant p : participants) {
            this.participants.put(p.id(), p);
        }
        this.dropAt = Map.copyOf(dropAt);
        this.serialize = serialize;
        this.announceDropouts = announceDropouts;
        this.clock = clock;
    }

    /** Called with each stage the coordinator enters, e.g. for a progress line. */
    public InMemoryRound onStage(Consumer<SecAggStage> listener) {
        this.stageListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    public Result run() {
        lastStage = coordinator.stage();
        stageListener.accept(lastStage);
        for (SecAggParticipant p : participants.values()) {
            participantNanos.put(p.id(), 0L);
            bytesUp.put(p.id(), 0L);
            if (dropsBefore(p.id(), SecAggStage.ADVERTISE_KEYS)) {
                drop(p.id());
            } else {
                fromParticipant(p.id(), timed(p.id(), p::start));
            }
        }
        int idleRounds = 0;
        while (!coordinator.stage().isTerminal() || !toParticipants.isEmpty()) {
            if (!toCoordinator.isEmpty()) {
                SecAggMessage m = wire(toCoordinator.poll());
                if (!coordinator.stage().isTerminal()) {
                    record(timedCoordinator(() -> coordinator.handle(m)));
                }
            } else if (!toParticipants.isEmpty()) {
                deliver(toParticipants.poll());
            } else {
                // Nothing in flight and the stage is still open: its deadline passes.
                if (++idleRounds > 10) {
                    throw new IllegalStateException("round stuck in stage " + coordinator.stage());
                }
                record(timedCoordinator(coordinator::stageDeadlinePassed));
                continue;
            }
            idleRounds = 0;
        }
        Map<Integer, SecAggStage> stages = new TreeMap<>();
        participants.forEach((id, p) -> stages.put(id, p.stage()));
        return new Result(coordinator.stage(), stages, Collections.unmodifiableMap(participantNanos),
                coordinatorNanos, Collections.unmodifiableMap(bytesUp), List.copyOf(rejections));
    }

    private void deliver(Outgoing o) {
        int id = o.recipientId();
        SecAggParticipant p = participants.get(id);
        if (p == null || dropped.containsKey(id)) {
            return;
        }
        SecAggStage replyStage = SecAggStage.ofReplyTo(o.message());
        if (replyStage != null && dropsBefore(id, replyStage)) {
            drop(id);
            return;
        }
        SecAggMessage m = wire(o.message());
        fromParticipant(id, timed(id, () -> p.handle(m)));
    }


    private boolean dropsBefore(int id, SecAggStage stage) {
        SecAggStage at = dropAt.get(id);
        return at != null && at.ordinal() <= stage.ordinal();
    }

    private void drop(int id) {
        dropped.put(id, Boolean.TRUE);
        if (announceDropouts) {
            record(timedCoordinator(() -> coordinator.participantLeft(id)));
        }
    }

    private void fromParticipant(int id, List<SecAggMessage> messages) {
        for (SecAggMessage m : messages) {
            bytesUp.merge(id, (long) m.getSerializedSize(), Long::sum);
            toCoordinator.add(m);
        }
    }

    private void record(CoordinatorStep step) {
        step.rejection().ifPresent(rejections::add);
        toParticipants.addAll(step.messages());
        if (coordinator.stage() != lastStage) {
            lastStage = coordinator.stage();
            stageListener.accept(lastStage);
        }
    }

    private SecAggMessage wire(SecAggMessage m) {
        if (!serialize) {
            return m;
        }
        try {
            return SecAggMessage.parseFrom(m.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a message did not survive its own serialization", e);
        }
    }

    private List<SecAggMessage> timed(int id, java.util.function.Supplier<List<SecAggMessage>> call) {
        if (clock == null) {
            return call.get();
        }
        long t0 = clock.getAsLong();
        List<SecAggMessage> out = call.get();
        participantNanos.merge(id, clock.getAsLong() - t0, Long::sum);
        return out;
    }

    private CoordinatorStep timedCoordinator(java.util.function.Supplier<CoordinatorStep> call) {
        if (clock == null) {
            return call.get();
        }
        long t0 = clock.getAsLong();
        CoordinatorStep step = call.get();
        coordinatorNanos += clock.getAsLong() - t0;
        return step;
    }
}
