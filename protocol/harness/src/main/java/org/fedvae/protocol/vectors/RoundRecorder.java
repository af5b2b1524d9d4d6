package org.fedvae.protocol.vectors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.CoordinatorStep;
import org.fedvae.protocol.secagg.Outgoing;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.secagg.SecAggViolation;

/**
 * Runs a {@link RoundScenario} through fresh state machines in one fixed order and records every
 * event: each message as the coordinator handles it, each coordinator message as produced
 * (with whether it reaches its recipient), and each coordinator deadline. The order is: every
 * participant, in id order, starts, then encodes its update (drawing its rounding seed from its
 * SecureRandom then, as a participant does when training finishes) and submits it; then
 * participant messages are handled first-in first-out before any coordinator message is
 * delivered; when nothing is in flight and the round is open, the coordinator's stage deadline
 * passes. A participant that drops before AdvertiseKeys never starts.
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
        List<Event> events = new ArrayList<>();
        Deque<Event> toCoordinator = new ArrayDeque<>();
        Deque<Event> toParticipants = new ArrayDeque<>();
        Set<Integer> offline = new HashSet<>();

        for (int id : s.deltas().keySet()) {
            Ed25519KeyPair identity = RoundScenario.identity(id);
            DeterministicRandom random = DeterministicRandom.of(s.participantSeedLabel(id));
            SecAggParticipant p = new SecAggParticipant(config, id, identity.privateKey(), random);
            participants.put(id, p);
            if (drops(s, id, SecAggStage.ADVERTISE_KEYS)) {
                offline.add(id);
                continue;
            }
            queue(id, p.start(), toCoordinator);
            // As a participant does: start, then (training done) encode with a rounding seed drawn now.
            EncodedUpdate encoded = UpdateEncoder.encode(
                    s.deltas().get(id),
                    s.weights().get(id),
                    s.evaluations().get(id),
                    config.encoding(),
                    RoundingSource.freshFrom(random));
            queue(id, p.submitEncodedInput(encoded.words()), toCoordinator);
        }
        int idle = 0;
        while (!coordinator.stage().isTerminal() || !toParticipants.isEmpty()) {
            if (!toCoordinator.isEmpty()) {
                Event e = toCoordinator.poll();
                events.add(e);
                if (!coordinator.stage().isTerminal()) {
                    produced(coordinator.handle(e.message()), s, offline, events, toParticipants);
                }
            } else if (!toParticipants.isEmpty()) {
                Event e = toParticipants.poll();
                if (e.delivered()) {
                    queue(e.peer(), participants.get(e.peer()).handle(e.message()), toCoordinator);
                }
                continue;
            } else {
                if (++idle > 10) {
                    throw new IllegalStateException("scenario " + s.name() + " is stuck in " + coordinator.stage());
                }
                events.add(new Event(Event.Kind.DEADLINE, 0, null, false));
                produced(coordinator.stageDeadlinePassed(), s, offline, events, toParticipants);
                continue;
            }
            idle = 0;
        }
        return new Recording(config, List.copyOf(events), coordinator, participants);
    }

    private static void queue(int from, List<SecAggMessage> messages, Deque<Event> toCoordinator) {
        for (SecAggMessage m : messages) {
            toCoordinator.add(new Event(Event.Kind.TO_COORDINATOR, from, m, true));
        }
    }

    private static void produced(
            CoordinatorStep step,
            RoundScenario s,
            Set<Integer> offline,
            List<Event> events,
            Deque<Event> toParticipants) {
        if (step.rejected()) {
            throw new IllegalStateException("scenario " + s.name() + ": honest message rejected: "
                    + step.rejection().get());
        }
        for (Outgoing o : step.messages()) {
            int id = o.recipientId();
            SecAggStage reply = SecAggStage.ofReplyTo(o.message());
            if (!offline.contains(id) && reply != null && drops(s, id, reply)) {
                offline.add(id);
            }
            Event e = new Event(Event.Kind.TO_PARTICIPANT, id, o.message(), !offline.contains(id));
            events.add(e);
            toParticipants.add(e);
        }
    }

    private static boolean drops(RoundScenario s, int id, SecAggStage stage) {
        SecAggStage at = s.dropAt().get(id);
        return at != null && at.ordinal() <= stage.ordinal();
    }

    /** Every participant id of the scenario that a map of stages lists, for reports. */
    static Map<Integer, SecAggStage> stages(Recording r) {
        Map<Integer, SecAggStage> m = new TreeMap<>();
        r.participants().forEach((id, p) -> m.put(id, p.stage()));
        return m;
    }
}
