package org.fedvae.protocol.vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.harness.Interceptor;
import org.fedvae.protocol.harness.Interceptors;
import org.fedvae.protocol.harness.RouteEvent;
import org.fedvae.protocol.harness.SecAggRouter;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.secagg.SecAggViolation;

/**
 * Runs a {@link RoundScenario} through fresh state machines on the {@link SecAggRouter} (its
 * fixed order) and records every event: each message as the coordinator handles it, each
 * coordinator message as produced (with whether it reaches its recipient), and each coordinator
 * deadline. Every participant, in id order, starts, then encodes its update (drawing its rounding
 * seed from its SecureRandom then, as a participant does when training finishes) and submits it.
 * A participant that drops before AdvertiseKeys never starts.
 */
public final class RoundRecorder {

    /** One event of a recorded round. {@code peer} is the sender or recipient; unused for deadlines. */
    public record Event(Kind kind, int peer, SecAggMessage message, boolean delivered) {
        public enum Kind {
            TO_COORDINATOR,
            TO_PARTICIPANT,
            DEADLINE
        }
    }

    /** What a run produced. */
    public record Recording(
            RoundConfig config,
            List<Event> events,
            SecAggCoordinator coordinator,
            SortedMap<Integer, SecAggParticipant> participants) {}

    private RoundRecorder() {}

    public static RoundConfig config(RoundScenario s) throws SecAggViolation {
        SortedMap<Integer, byte[]> enrolled = new TreeMap<>();
        for (int id : s.deltas().keySet()) {
            enrolled.put(id, RoundScenario.identity(id).publicKey());
        }
        return RoundConfig.of(s.roundId(), s.threshold(), s.vectorLength(), s.encoding(), enrolled);
    }

    public static Recording run(RoundScenario s) throws SecAggViolation {
        RoundConfig config = config(s);
        SecAggCoordinator coordinator = new SecAggCoordinator(config);
        SortedMap<Integer, SecAggParticipant> participants = new TreeMap<>();
        Map<Integer, SecAggRouter.Peer> peers = new TreeMap<>();
        for (int id : s.deltas().keySet()) {
            DeterministicRandom random = DeterministicRandom.of(s.participantSeedLabel(id));
            SecAggParticipant p =
                    new SecAggParticipant(config, id, RoundScenario.identity(id).privateKey(), random);
            participants.put(id, p);
            peers.put(
                    id,
                    new ScenarioPeer(
                            p,
                            s.deltas().get(id),
                            s.weights().get(id),
                            s.evaluations().get(id),
                            config,
                            random));
        }
        List<Event> events = new ArrayList<>();
        SecAggRouter.Result result;
        try {
            result = new SecAggRouter(coordinator, peers)
                    .intercept(Interceptors.dropAt(s.dropAt()))
                    .intercept(new Interceptor() {
                        @Override
                        public void observe(RouteEvent e) {
                            events.add(event(e));
                        }
                    })
                    .run();
        } catch (SecAggRouter.RoundStuck e) {
            throw new IllegalStateException("scenario " + s.name() + " is stuck: " + e.getMessage(), e);
        }
        if (!result.rejections().isEmpty()) {
            throw new IllegalStateException(
                    "scenario " + s.name() + ": honest message rejected: " + result.rejections());
        }
        return new Recording(config, List.copyOf(events), coordinator, participants);
    }

    private static Event event(RouteEvent e) {
        return switch (e.kind()) {
            case TO_COORDINATOR -> new Event(Event.Kind.TO_COORDINATOR, e.peer(), e.message(), true);
            case TO_PARTICIPANT -> new Event(Event.Kind.TO_PARTICIPANT, e.peer(), e.message(), e.delivered());
            case DEADLINE -> new Event(Event.Kind.DEADLINE, 0, null, false);
        };
    }

    /**
     * A scenario participant as a participant runs: it starts, then (training done) encodes its
     * update with a rounding seed drawn from its SecureRandom now, and submits it.
     */
    private record ScenarioPeer(
            SecAggParticipant p,
            float[] delta,
            int weight,
            LocalEvaluation evaluation,
            RoundConfig config,
            DeterministicRandom random)
            implements SecAggRouter.Peer {
        @Override
        public List<SecAggMessage> start() {
            List<SecAggMessage> out = new ArrayList<>(p.start());
            EncodedUpdate encoded = UpdateEncoder.encode(
                    delta, weight, evaluation, config.encoding(), RoundingSource.freshFrom(random));
            out.addAll(p.submitEncodedInput(encoded.words()));
            return out;
        }

        @Override
        public List<SecAggMessage> handle(SecAggMessage message) {
            return p.handle(message);
        }
    }

    /** Every participant id of the scenario that a map of stages lists, for reports. */
    static Map<Integer, SecAggStage> stages(Recording r) {
        Map<Integer, SecAggStage> m = new TreeMap<>();
        r.participants().forEach((id, p) -> m.put(id, p.stage()));
        return m;
    }
}
