package org.fedvae.protocol.secagg;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.fedvae.protocol.harness.Interceptors;
import org.fedvae.protocol.harness.SecAggRouter;

/**
 * One honest round of real participant machines on the {@link SecAggRouter}, with dropouts on a
 * schedule: a participant scheduled to drop at stage S never sends S's message or any later one.
 * For tests, simulations and benchmarks, never for production.
 *
 * <p>Every message can be serialized and parsed on the way (as a network would), and the bytes
 * each participant sends are counted. With a clock, the time spent inside each participant's and
 * the coordinator's calls is measured; routing and serialization are not counted.
 */
public final class InMemoryRound {

    /** What happened, per participant and for the coordinator. */
    public record Result(
            SecAggStage coordinatorStage,
            Map<Integer, SecAggStage> participantStages,
            Map<Integer, Long> participantNanos,
            long coordinatorNanos,
            Map<Integer, Long> bytesUp,
            List<Rejection> rejections) {}

    private final SecAggCoordinator coordinator;
    private final Map<Integer, SecAggParticipant> participants = new TreeMap<>();
    private final SecAggRouter router;

    /**
     * @param dropAt           per participant id, the stage whose message it never sends (absent: it never drops)
     * @param serialize        round-trip every message through its wire bytes
     * @param announceDropouts tell the coordinator when a participant drops (a closed connection)
     *                         rather than leaving it to the deadline
     * @param clock            nanosecond clock for timing, or null for none
     */
    public InMemoryRound(
            SecAggCoordinator coordinator,
            Collection<SecAggParticipant> participants,
            Map<Integer, SecAggStage> dropAt,
            boolean serialize,
            boolean announceDropouts,
            LongSupplier clock) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        for (SecAggParticipant p : participants) {
            this.participants.put(p.id(), p);
        }
        this.router = SecAggRouter.of(coordinator, this.participants.values())
                .intercept(Interceptors.dropAt(dropAt))
                .announceDropouts(announceDropouts);
        if (serialize) {
            router.intercept(Interceptors.wireRoundTrip());
        }
        if (clock != null) {
            router.clock(clock);
        }
    }

    /** Called with each stage the coordinator enters, e.g. for a progress line. */
    public InMemoryRound onStage(Consumer<SecAggStage> listener) {
        router.onStage(listener);
        return this;
    }

    public Result run() {
        SecAggRouter.Result r = router.run();
        Map<Integer, SecAggStage> stages = new TreeMap<>();
        participants.forEach((id, p) -> stages.put(id, p.stage()));
        return new Result(
                coordinator.stage(), stages, r.participantNanos(), r.coordinatorNanos(), r.bytesUp(), r.rejections());
    }
}
