package org.fedvae.protocol.fuzz;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.CoordinatorStep;
import org.fedvae.protocol.secagg.Outgoing;
import org.fedvae.protocol.secagg.Rejection;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * One round of the {@link Fixture} cohort in one thread, with hooks where a fuzz input replaces
 * a message on its way up or down. Order: participants start in id order; participant messages
 * are handled first-in first-out before coordinator messages are delivered; when nothing is in
 * flight and the round is open, the coordinator's deadline passes. A participant whose message
 * was refused (its connection closed) or who dropped sends nothing more.
 */
final class FuzzRound {

    /** Where a fuzz input enters. Both default to passing messages through unchanged. */
    interface Hooks {
        /** The messages actually sent when participant {@code from} sends {@code m}. */
        default List<SecAggMessage> upstream(int from, SecAggMessage m) {
            return List.of(m);
        }

        /** The messages actually delivered when the coordinator sends {@code m} to {@code to}. */
        default List<SecAggMessage> downstream(int to, SecAggMessage m) {
            return List.of(m);
        }
    }

    /** Thrown when a round does not end within the step budget: a hang. */
    static final class Stuck extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stuck(String message) {
            super(message);
        }
    }

    /** How the round ended. */
    record Outcome(SecAggStage stage, Optional<Abort> abort, Optional<List<Integer>> survivors, Optional<int[]> sum,
                   SortedMap<Integer, SecAggStage> participantStages, List<Rejection> rejections,
                   Map<Integer, List<SecAggMessage>> sent, Map<SecAggMessage, Rejection> refusals) {
    }

    private static final int MAX_STEPS = 2_000;

    private FuzzRound() {
    }

    static Outcome run(Fixture fx, ParticipantOracle oracle, Map<Integer, SecAggStage> dropAt, Hooks hooks) {
        SecAggCoordinator coordinator = new SecAggCoordinator(fx.config);
        Map<Integer, List<SecAggMessage>> history = new TreeMap<>();
        SortedMap<Integer, SecAggStage> stages = new TreeMap<>();
        Map<Integer, List<SecAggMessage>> sent = new TreeMap<>();
        Set<Integer> offline = new HashSet<>();
        List<Rejection> rejections = new ArrayList<>();
        Map<SecAggMessage, Rejection> refusals = new IdentityHashMap<>();
        Deque<SecAggMessage> up = new ArrayDeque<>();
        Deque<Outgoing> down = new ArrayDeque<>();

        for (int id : Fixture.IDS) {
            history.put(id, new ArrayList<>());
            sent.put(id, new ArrayList<>());
            stages.put(id, SecAggStage.ADVERTISE_KEYS);
            if (drops(dropAt, id, SecAggStage.ADVERTISE_KEYS)) {
                offline.add(id);
                continue;
            }
            ParticipantOracle.Answer a = oracle.answer(id, history.get(id));
            stages.put(id, a.stage());
            send(id, a.replies(), hooks, up, sent);
        }
        int steps = 0;
        int idle = 0;
        while (!coordinator.stage().isTerminal() || !down.isEmpty()) {
            if (++steps > MAX_STEPS) {
                throw new Stuck("round did not end within " + MAX_STEPS + " steps, coordinator in " + coordinator.stage());
            }
            if (!up.isEmpty()) {
                SecAggMessage m = up.poll();
                if (coordinator.stage().isTerminal()) {
                    continue;
                }
                CoordinatorStep step = coordinator.handle(m);
                step.rejection().ifPresent(r -> {
                    rejections.add(r);
                    refusals.put(m, r);
                    if (r.senderRemoved()) {
                        offline.add(r.senderId());
                    }
                });
                down.addAll(step.messages());
                idle = 0;
                continue;
            }
            if (!down.isEmpty()) {
                Outgoing o = down.poll();
                int id = o.recipientId();
                if (offline.contains(id) || !history.containsKey(id)) {
                    continue;
                }
                SecAggStage reply = SecAggStage.ofReplyTo(o.message());
                if (reply != null && drops(dropAt, id, reply)) {
                    offline.add(id);
                    continue;
                }
                for (SecAggMessage m : hooks.downstream(id, o.message())) {
                    history.get(id).add(m);
                    ParticipantOracle.Answer a = oracle.answer(id, history.get(id));
                    stages.put(id, a.stage());
                    send(id, a.replies(), hooks, up, sent);
                }
                continue;
            }
            if (++idle > 10) {
                throw new Stuck("deadlines do not move the round on, coordinator in " + coordinator.stage());
            }
            down.addAll(coordinator.stageDeadlinePassed().messages());
        }
        return new Outcome(coordinator.stage(), coordinator.abortReason(),
                coordinator.survivors().map(List::copyOf), coordinator.unmaskedSum(), stages, rejections, sent, refusals);
    }

    private static void send(int from, List<SecAggMessage> replies, Hooks hooks, Deque<SecAggMessage> up,
                             Map<Integer, List<SecAggMessage>> sent) {
        for (SecAggMessage r : replies) {
            sent.get(from).add(r);
            up.addAll(hooks.upstream(from, r));
        }
    }


    /** The stage whose message {@code m} is, when a participant sends it; null for Abort and the rest. */
    static SecAggStage stageOf(SecAggMessage m) {
        return switch (m.getBodyCase()) {
            case ADVERTISE_KEYS -> SecAggStage.ADVERTISE_KEYS;
            case SHARE_KEYS -> SecAggStage.SHARE_KEYS;
            case MASKED_INPUT -> SecAggStage.MASKED_INPUT;
            case CONSISTENCY_CHECK_SIGNATURE -> SecAggStage.CONSISTENCY_CHECK;
            case UNMASKING_RESPONSE -> SecAggStage.UNMASKING;
            default -> null;
        };
    }

    private static boolean drops(Map<Integer, SecAggStage> dropAt, int id, SecAggStage stage) {
        SecAggStage at = dropAt.get(id);
        return at != null && at.ordinal() <= stage.ordinal();
    }
}
