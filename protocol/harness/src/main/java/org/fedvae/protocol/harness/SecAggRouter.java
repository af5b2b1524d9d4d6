package org.fedvae.protocol.harness;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.CoordinatorStep;
import org.fedvae.protocol.secagg.Outgoing;
import org.fedvae.protocol.secagg.Rejection;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * Runs one secure-aggregation round between a coordinator machine and its participants in one
 * thread, moving the messages in memory: the one router of every in-memory harness (tests, the
 * fuzzer, the test vectors, benchmarks); never production. {@link Interceptor}s drop
 * participants, replace messages and record events.
 *
 * <p>The order is fixed, so a run is reproducible: participants start in id order; participant
 * messages are handled first-in first-out before any coordinator message is delivered; when
 * nothing is in flight and the round is open, the coordinator's stage deadline passes. A
 * participant that dropped, or whose message the coordinator refused and removed (its connection
 * closed), receives and sends nothing more.
 */
public final class SecAggRouter {

    /** A participant as the router sees it. */
    public interface Peer {
        List<SecAggMessage> start();

        List<SecAggMessage> handle(SecAggMessage message);

        static Peer of(SecAggParticipant p) {
            return new Peer() {
                @Override
                public List<SecAggMessage> start() {
                    return p.start();
                }

                @Override
                public List<SecAggMessage> handle(SecAggMessage message) {
                    return p.handle(message);
                }
            };
        }
    }

    /** Thrown when a round does not end: deadlines stop moving it on, or it outlasts the step budget. */
    public static final class RoundStuck extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RoundStuck(String message) {
            super(message);
        }
    }

    /**
     * What happened.
     *
     * @param sent     per participant, every message it sent, before interceptors
     * @param bytesUp  per participant, the serialized bytes of those messages
     * @param refusals the messages the coordinator refused (by identity), with its rejection
     * @param offline  the participants that dropped or were removed
     * @param participantNanos per participant, time inside its calls (zeros without a clock)
     * @param coordinatorNanos time inside the coordinator's calls (zero without a clock)
     * @param coordinatorCpuNanos the router thread's CPU time inside the coordinator's calls (zero without a CPU clock)
     */
    public record Result(
            SecAggStage coordinatorStage,
            List<Rejection> rejections,
            Map<SecAggMessage, Rejection> refusals,
            SortedMap<Integer, List<SecAggMessage>> sent,
            SortedMap<Integer, Long> bytesUp,
            Set<Integer> offline,
            SortedMap<Integer, Long> participantNanos,
            long coordinatorNanos,
            long coordinatorCpuNanos) {}

    private static final int MAX_IDLE_DEADLINES = 10;

    private final SecAggCoordinator coordinator;
    private final SortedMap<Integer, Peer> peers;
    private final List<Interceptor> interceptors = new ArrayList<>();
    private boolean announceDropouts;
    private boolean keepSent = true;
    private LongSupplier clock;
    private LongSupplier cpuClock;
    private long maxSteps = Long.MAX_VALUE;
    private Consumer<SecAggStage> stageListener = s -> {};

    private final Deque<Sent> up = new ArrayDeque<>();
    private final Deque<Outgoing> down = new ArrayDeque<>();
    private final Set<Integer> offline = new HashSet<>();
    /** Who is offline, or will be by the time a message now sent reaches it: for {@link RouteEvent#delivered()}. */
    private final Set<Integer> leaving = new HashSet<>();

    private final List<Rejection> rejections = new ArrayList<>();
    private final Map<SecAggMessage, Rejection> refusals = new IdentityHashMap<>();
    private final SortedMap<Integer, List<SecAggMessage>> sent = new TreeMap<>();
    private final SortedMap<Integer, Long> bytesUp = new TreeMap<>();
    private final SortedMap<Integer, Long> participantNanos = new TreeMap<>();
    private long coordinatorNanos;
    private long coordinatorCpuNanos;
    private SecAggStage lastStage;

    private record Sent(int from, SecAggMessage message) {}

    public SecAggRouter(SecAggCoordinator coordinator, Map<Integer, ? extends Peer> peers) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.peers = new TreeMap<>(peers);
    }

    /** A router for real participant machines, keyed by their ids. */
    public static SecAggRouter of(SecAggCoordinator coordinator, Collection<SecAggParticipant> participants) {
        Map<Integer, Peer> m = new TreeMap<>();
        for (SecAggParticipant p : participants) {
            m.put(p.id(), Peer.of(p));
        }
        return new SecAggRouter(coordinator, m);
    }

    public SecAggRouter intercept(Interceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /** Tell the coordinator when a participant drops (a closed connection) rather than leaving it to the deadline. */
    public SecAggRouter announceDropouts(boolean announce) {
        this.announceDropouts = announce;
        return this;
    }

    /**
     * Whether {@link Result#sent()} keeps every message (the default). A benchmark of a large cohort turns it off:
     * the masked inputs alone would be n times the vector.
     */
    public SecAggRouter keepSent(boolean keep) {
        this.keepSent = keep;
        return this;
    }

    /** Measure the time spent inside each participant's and the coordinator's calls (routing is not counted). */
    public SecAggRouter clock(LongSupplier nanos) {
        this.clock = nanos;
        return this;
    }

    /** Also measure the coordinator's calls with this clock (e.g. the thread's CPU time). */
    public SecAggRouter cpuClock(LongSupplier nanos) {
        this.cpuClock = nanos;
        return this;
    }

    /** Gives up with {@link RoundStuck} after this many routing steps (a hang, to a fuzzer). */
    public SecAggRouter maxSteps(long steps) {
        this.maxSteps = steps;
        return this;
    }

    /** Called with each stage the coordinator enters, e.g. for a progress line. */
    public SecAggRouter onStage(Consumer<SecAggStage> listener) {
        this.stageListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    public Result run() {
        lastStage = coordinator.stage();
        stageListener.accept(lastStage);
        for (Map.Entry<Integer, Peer> e : peers.entrySet()) {
            int id = e.getKey();
            sent.put(id, new ArrayList<>());
            bytesUp.put(id, 0L);
            participantNanos.put(id, 0L);
            if (dropsBefore(id, SecAggStage.ADVERTISE_KEYS)) {
                leaving.add(id);
                drop(id);
            } else {
                fromParticipant(id, timed(id, e.getValue()::start));
            }
        }
        long steps = 0;
        int idle = 0;
        while (!coordinator.stage().isTerminal() || !down.isEmpty()) {
            if (++steps > maxSteps) {
                throw new RoundStuck(
                        "round did not end within " + maxSteps + " steps, coordinator in " + coordinator.stage());
            }
            if (!up.isEmpty()) {
                Sent s = up.poll();
                boolean open = !coordinator.stage().isTerminal();
                observe(new RouteEvent(RouteEvent.Kind.TO_COORDINATOR, s.from(), s.message(), open));
                if (open) {
                    CoordinatorStep step = timedCoordinator(() -> coordinator.handle(s.message()));
                    step.rejection().ifPresent(r -> refusals.put(s.message(), r));
                    record(step);
                }
            } else if (!down.isEmpty()) {
                deliver(down.poll());
            } else {
                if (++idle > MAX_IDLE_DEADLINES) {
                    throw new RoundStuck("deadlines do not move the round on, coordinator in " + coordinator.stage());
                }
                observe(RouteEvent.deadline());
                record(timedCoordinator(coordinator::stageDeadlinePassed));
                continue;
            }
            idle = 0;
        }
        return new Result(
                coordinator.stage(),
                List.copyOf(rejections),
                Collections.unmodifiableMap(refusals),
                Collections.unmodifiableSortedMap(sent),
                Collections.unmodifiableSortedMap(bytesUp),
                Set.copyOf(offline),
                Collections.unmodifiableSortedMap(participantNanos),
                coordinatorNanos,
                coordinatorCpuNanos);
    }

    private void deliver(Outgoing o) {
        int id = o.recipientId();
        Peer p = peers.get(id);
        if (p == null || offline.contains(id)) {
            return;
        }
        SecAggStage answerStage = SecAggStage.ofReplyTo(o.message());
        if (answerStage != null && dropsBefore(id, answerStage)) {
            drop(id);
            return;
        }
        List<SecAggMessage> delivered = List.of(o.message());
        for (Interceptor i : interceptors) {
            delivered = apply(delivered, m -> i.downstream(id, m));
        }
        for (SecAggMessage m : delivered) {
            fromParticipant(id, timed(id, () -> p.handle(m)));
        }
    }

    private void fromParticipant(int id, List<SecAggMessage> messages) {
        for (SecAggMessage m : messages) {
            if (keepSent) {
                sent.get(id).add(m);
            }
            bytesUp.merge(id, (long) m.getSerializedSize(), Long::sum);
            List<SecAggMessage> travelling = List.of(m);
            for (Interceptor i : interceptors) {
                travelling = apply(travelling, x -> i.upstream(id, x));
            }
            for (SecAggMessage t : travelling) {
                up.add(new Sent(id, t));
            }
        }
    }

    private void record(CoordinatorStep step) {
        step.rejection().ifPresent(r -> {
            rejections.add(r);
            if (r.senderRemoved()) {
                // The coordinator closed its connection: nothing more reaches it or comes from it.
                offline.add(r.senderId());
                leaving.add(r.senderId());
            }
        });
        for (Outgoing o : step.messages()) {
            int id = o.recipientId();
            SecAggStage answerStage = SecAggStage.ofReplyTo(o.message());
            if (answerStage != null && dropsBefore(id, answerStage)) {
                leaving.add(id);
            }
            observe(new RouteEvent(RouteEvent.Kind.TO_PARTICIPANT, id, o.message(), !leaving.contains(id)));
            down.add(o);
        }
        if (coordinator.stage() != lastStage) {
            lastStage = coordinator.stage();
            stageListener.accept(lastStage);
        }
    }

    private void drop(int id) {
        if (offline.add(id) && announceDropouts) {
            record(timedCoordinator(() -> coordinator.participantLeft(id)));
        }
    }

    private boolean dropsBefore(int id, SecAggStage stage) {
        for (Interceptor i : interceptors) {
            if (i.dropsBefore(id, stage)) {
                return true;
            }
        }
        return false;
    }

    private void observe(RouteEvent e) {
        for (Interceptor i : interceptors) {
            i.observe(e);
        }
    }

    private static List<SecAggMessage> apply(List<SecAggMessage> in, Function<SecAggMessage, List<SecAggMessage>> f) {
        if (in.size() == 1) {
            return f.apply(in.get(0));
        }
        List<SecAggMessage> out = new ArrayList<>();
        for (SecAggMessage m : in) {
            out.addAll(f.apply(m));
        }
        return out;
    }

    private List<SecAggMessage> timed(int id, Supplier<List<SecAggMessage>> call) {
        if (clock == null) {
            return call.get();
        }
        long t0 = clock.getAsLong();
        List<SecAggMessage> out = call.get();
        participantNanos.merge(id, clock.getAsLong() - t0, Long::sum);
        return out;
    }

    private CoordinatorStep timedCoordinator(Supplier<CoordinatorStep> call) {
        long t0 = clock == null ? 0 : clock.getAsLong();
        long c0 = cpuClock == null ? 0 : cpuClock.getAsLong();
        CoordinatorStep step = call.get();
        if (cpuClock != null) {
            coordinatorCpuNanos += cpuClock.getAsLong() - c0;
        }
        if (clock != null) {
            coordinatorNanos += clock.getAsLong() - t0;
        }
        return step;
    }
}
