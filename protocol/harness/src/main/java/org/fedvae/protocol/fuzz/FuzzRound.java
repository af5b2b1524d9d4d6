package org.fedvae.protocol.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedvae.protocol.harness.Interceptor;
import org.fedvae.protocol.harness.Interceptors;
import org.fedvae.protocol.harness.SecAggRouter;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.Rejection;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * One round of the {@link Fixture} cohort on the {@link SecAggRouter} (its fixed order), with
 * hooks where a fuzz input replaces a message on its way up or down, and honest participants
 * answered by the {@link ParticipantOracle}.
 */
final class FuzzRound {

    /** Where a fuzz input enters: the upstream and downstream hooks of an interceptor. */
    interface Hooks extends Interceptor {}

    /** How the round ended. */
    record Outcome(
            SecAggStage stage,
            Optional<Abort> abort,
            Optional<List<Integer>> survivors,
            Optional<int[]> sum,
            SortedMap<Integer, SecAggStage> participantStages,
            List<Rejection> rejections,
            Map<Integer, List<SecAggMessage>> sent,
            Map<SecAggMessage, Rejection> refusals) {}

    /** A round outlasting this many routing steps is a hang. */
    private static final int MAX_STEPS = 2_000;

    private FuzzRound() {}

    static Outcome run(Fixture fx, ParticipantOracle oracle, Map<Integer, SecAggStage> dropAt, Hooks hooks) {
        SecAggCoordinator coordinator = new SecAggCoordinator(fx.config);
        SortedMap<Integer, SecAggStage> stages = new TreeMap<>();
        Map<Integer, OraclePeer> peers = new TreeMap<>();
        for (int id : Fixture.IDS) {
            stages.put(id, SecAggStage.ADVERTISE_KEYS);
            peers.put(id, new OraclePeer(id, oracle, stages));
        }
        SecAggRouter.Result r = new SecAggRouter(coordinator, peers)
                .intercept(Interceptors.dropAt(dropAt))
                .intercept(hooks)
                .maxSteps(MAX_STEPS)
                .run();
        return new Outcome(
                coordinator.stage(),
                coordinator.abortReason(),
                coordinator.survivors().map(List::copyOf),
                coordinator.unmaskedSum(),
                stages,
                r.rejections(),
                r.sent(),
                r.refusals());
    }

    /** An honest participant answered by the oracle from the messages it received so far. */
    private static final class OraclePeer implements SecAggRouter.Peer {
        private final int id;
        private final ParticipantOracle oracle;
        private final Map<Integer, SecAggStage> stages;
        private final List<SecAggMessage> history = new ArrayList<>();

        OraclePeer(int id, ParticipantOracle oracle, Map<Integer, SecAggStage> stages) {
            this.id = id;
            this.oracle = oracle;
            this.stages = stages;
        }

        @Override
        public List<SecAggMessage> start() {
            return answer();
        }

        @Override
        public List<SecAggMessage> handle(SecAggMessage message) {
            history.add(message);
            return answer();
        }

        private List<SecAggMessage> answer() {
            ParticipantOracle.Answer a = oracle.answer(id, history);
            stages.put(id, a.stage());
            return a.replies();
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
}
