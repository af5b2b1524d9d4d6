package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.fedvae.protocol.proto.SecAggAbortReason;
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
            java.util.Collections.shuffle(neighbours, new Random(s.seed()));
            int drop = g.neighbourhood(target).size() - s.t() + (oneBelow ? 1 : 0);
            Map<Integer, SecAggStage> dropAt = new HashMap<>();
            neighbours.subList(0, drop).forEach(id -> dropAt.put(id, stage));
            SparseOutcome.Expected e = runAndCompare(s, dropAt);
            assertEquals(oneBelow, e.stage() != SecAggStage.COMPLETED, "dropped " + drop + " around " + target);
        });
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
