package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.fedvae.protocol.proto.ConsistencyCheckRequest;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SignedSurvivorSet;
import org.fedvae.protocol.proto.UnmaskingRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SecAgg+ rounds (sparse Harary graph) over random cohorts (8..60), degrees, per-neighbourhood thresholds and dropout
 * schedules at every stage: the unmasked sum is the survivors' encoded inputs bit for bit, or the round aborts with
 * BELOW_THRESHOLD where {@link SparseOutcome} says a needed neighbourhood fell below t, with nothing unmasked.
 */
class SparseSecAggPropertiesTest {

    private static final SecAggStage[] STAGES = {
        SecAggStage.ADVERTISE_KEYS,
        SecAggStage.SHARE_KEYS,
        SecAggStage.MASKED_INPUT,
        SecAggStage.CONSISTENCY_CHECK,
        SecAggStage.UNMASKING
    };

    /** n participants, degree k (even, below n - 1), (k + 1)/2 < t <= k + 1. */
    record Shape(int n, int k, int t, int params, long seed, boolean announce) {
        static Shape draw(Draw d) {
            int n = d.between(8, 60);
            int k = 2 * d.between(1, Math.min((n - 3) / 2, 10));
            return new Shape(n, k, d.between((k + 1) / 2 + 1, k + 1), d.between(1, 12), d.anyLong(), d.bool());
        }

        Cohort cohort() {
            return Cohort.createSparse(seed, 7_000 + n, n, k, t, params);
        }
    }

    static Stream<PropertyCase> randomSchedules() {
        return PropertyCase.cases("secagg-plus-random-dropouts", 40);
    }

    /** Each participant drops with a drawn probability at a uniformly drawn stage. */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void randomSchedules(PropertyCase c) {
        c.check(() -> {
            Draw d = c.draw();
            Shape s = Shape.draw(d);
            double rate = d.oneOf(0.0, 0.05, 0.15, 0.3, 0.5);
            Random r = new Random(s.seed());
            Map<Integer, SecAggStage> dropAt = new HashMap<>();
            for (int id : s.cohort().ids()) {
                if (r.nextDouble() < rate) {
                    dropAt.put(id, STAGES[r.nextInt(STAGES.length)]);
                }
            }
            runAndCompare(s, dropAt);
        });
    }

    static Stream<PropertyCase> nearTheNeighbourhoodThreshold() {
        return PropertyCase.cases("secagg-plus-near-threshold", 40);
    }

    /**
     * One participant's neighbours drop at one stage after AdvertiseKeys, leaving exactly t of its neighbourhood
     * (the round completes: no other neighbourhood can lose more) or t - 1 (it aborts).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void nearTheNeighbourhoodThreshold(PropertyCase c) {
        c.check(() -> {
            Draw d = c.draw();
            Shape s = Shape.draw(d);
            boolean oneBelow = d.bool();
            SecAggStage stage = STAGES[d.between(1, STAGES.length - 1)];
            List<Integer> ids = s.cohort().ids();
            SessionGraph g = SparseOutcome.graphFor(s.cohort(), SparseOutcome.sending(ids, Map.of(), stage));
            int target = ids.get(d.between(0, ids.size() - 1));
            List<Integer> neighbours = new ArrayList<>(g.neighbourhood(target));
            neighbours.remove(Integer.valueOf(target));
            Collections.shuffle(neighbours, new Random(s.seed()));
            int drop = g.neighbourhood(target).size() - s.t() + (oneBelow ? 1 : 0);
            Map<Integer, SecAggStage> dropAt = new HashMap<>();
            neighbours.subList(0, drop).forEach(id -> dropAt.put(id, stage));
            SparseOutcome.Expected e = runAndCompare(s, dropAt);
            assertEquals(oneBelow, e.stage() != SecAggStage.COMPLETED, "dropped " + drop + " around " + target);
        });
    }

    static Stream<PropertyCase> aLyingCoordinatorNeverGetsThresholdSharesOfBothKinds() {
        return PropertyCase.cases("secagg-plus-lying-coordinator", 20);
    }

    /**
     * After an honest share exchange, the coordinator shows each participant a survivor set of its choosing and sends
     * three unmasking requests each, with sets and (real) signatures of its choosing. No participant ever reveals both
     * kinds of share of one peer, so with 2t > k + 1 the coordinator never holds t shares of both secrets of anyone.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void aLyingCoordinatorNeverGetsThresholdSharesOfBothKinds(PropertyCase c) {
        c.check(() -> {
            Shape s = Shape.draw(c.draw());
            Cohort cohort = s.cohort().withRandomInputs();
            Random r = new Random(s.seed());
            List<Integer> ids = cohort.ids();
            Harness h = new Harness(cohort).start();
            h.deliverAll();
            Set<Integer> masked = new TreeSet<>();
            for (Map.Entry<Integer, List<SecAggMessage>> e : new HashMap<>(h.inbox).entrySet()) {
                var reply = h.deliverTo(e.getKey(), e.getValue().get(0));
                if (!reply.isEmpty() && reply.get(0).hasMaskedInput()) {
                    masked.add(e.getKey());
                }
            }
            List<Set<Integer>> pool = new ArrayList<>(List.of(masked));
            for (int i = 0; i < 3; i++) {
                Set<Integer> set = new TreeSet<>();
                ids.forEach(id -> {
                    if (r.nextDouble() < 0.7) {
                        set.add(id);
                    }
                });
                pool.add(set);
            }
            Map<Set<Integer>, List<SignedSurvivorSet>> signatures = new HashMap<>();
            Map<Integer, Set<Integer>> shown = new HashMap<>();
            for (int id : masked) {
                Set<Integer> set = pool.get(r.nextInt(pool.size()));
                shown.put(id, set);
                var reply = h.deliverTo(
                        id,
                        message(
                                cohort,
                                b -> b.setConsistencyCheckRequest(
                                        ConsistencyCheckRequest.newBuilder().addAllSurvivors(set))));
                if (!reply.isEmpty() && reply.get(0).hasConsistencyCheckSignature()) {
                    signatures
                            .computeIfAbsent(set, x -> new ArrayList<>())
                            .add(SignedSurvivorSet.newBuilder()
                                    .setSignerId(id)
                                    .setSignature(reply.get(0)
                                            .getConsistencyCheckSignature()
                                            .getSignature())
                                    .build());
                }
            }
            // owner -> kind -> responders that revealed that kind of share of the owner
            Map<Integer, Map<RevealLedger.Kind, Set<Integer>>> revealed = new HashMap<>();
            for (int attempt = 0; attempt < 3; attempt++) {
                for (int id : masked) {
                    Set<Integer> survivors = r.nextInt(3) == 0 ? pool.get(r.nextInt(pool.size())) : shown.get(id);
                    Set<Integer> dropped = new TreeSet<>(ids);
                    dropped.removeAll(survivors);
                    var request = UnmaskingRequest.newBuilder()
                            .addAllSurvivors(survivors)
                            .addAllDropped(dropped)
                            .addAllSignatures(signatures.getOrDefault(survivors, List.of()));
                    for (var reply : h.deliverTo(id, message(cohort, b -> b.setUnmaskingRequest(request)))) {
                        var u = reply.getUnmaskingResponse();
                        u.getSelfMaskSharesList()
                                .forEach(x -> record(revealed, x.getOwnerId(), RevealLedger.Kind.SELF_MASK, id));
                        u.getMaskKeySharesList()
                                .forEach(x -> record(revealed, x.getOwnerId(), RevealLedger.Kind.MASK_KEY, id));
                    }
                }
            }
            revealed.forEach((owner, kinds) -> {
                var b = kinds.getOrDefault(RevealLedger.Kind.SELF_MASK, Set.of());
                var m = kinds.getOrDefault(RevealLedger.Kind.MASK_KEY, Set.of());
                assertTrue(Collections.disjoint(b, m), "a participant revealed both kinds of " + owner);
                assertTrue(b.size() < s.t() || m.size() < s.t(), "t shares of both secrets of " + owner);
            });
        });
    }

    private static void record(
            Map<Integer, Map<RevealLedger.Kind, Set<Integer>>> revealed,
            int owner,
            RevealLedger.Kind kind,
            int responder) {
        revealed.computeIfAbsent(owner, x -> new HashMap<>())
                .computeIfAbsent(kind, x -> new TreeSet<>())
                .add(responder);
    }

    private static SecAggMessage message(Cohort c, Consumer<SecAggMessage.Builder> body) {
        var b = SecAggMessage.newBuilder().setRoundId(c.config.roundId()).setSenderId(0);
        body.accept(b);
        return b.build();
    }

    private static SparseOutcome.Expected runAndCompare(Shape s, Map<Integer, SecAggStage> dropAt) {
        Cohort c = s.cohort().withRandomInputs();
        List<Integer> ids = c.ids();
        SessionGraph g = SparseOutcome.graphFor(s.cohort(), SparseOutcome.sending(ids, dropAt, STAGES[0]));
        SparseOutcome.Expected expected = SparseOutcome.predict(g, ids, dropAt, s.t());
        SecAggCoordinator coordinator = new SecAggCoordinator(c.config);
        InMemoryRound.Result r = c.run(coordinator, dropAt, s.announce());
        assertTrue(r.rejections().isEmpty(), r.rejections()::toString);
        if (expected.stage() == SecAggStage.COMPLETED) {
            assertEquals(SecAggStage.COMPLETED, r.coordinatorStage(), () -> coordinator
                    .abortReason()
                    .toString());
            assertEquals(expected.survivors(), coordinator.survivors().orElseThrow());
            assertArrayEquals(
                    c.sumOf(expected.survivors()), coordinator.unmaskedSum().orElseThrow());
        } else {
            assertEquals(SecAggStage.ABORTED, r.coordinatorStage(), "expected an abort in " + expected.stage());
            assertEquals(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    coordinator.abortReason().orElseThrow().getReason());
            assertEquals(expected.stage(), coordinator.abortedIn().orElseThrow());
            assertTrue(coordinator.unmaskedSum().isEmpty(), "something was unmasked");
        }
        return expected;
    }
}
