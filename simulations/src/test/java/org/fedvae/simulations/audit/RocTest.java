package org.fedvae.simulations.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RocTest {

    @Test
    void perfectSeparationHasAucOneAndEveryPointInOrder() {
        Roc roc = Roc.of(new double[] {3, 2}, new double[] {1, 0});
        assertEquals(1.0, roc.auc());
        List<Roc.Point> p = roc.points();
        assertEquals(5, p.size());
        int[][] expected = {{0, 0}, {1, 0}, {2, 0}, {2, 1}, {2, 2}};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], p.get(i).tp(), "tp of point " + i);
            assertEquals(expected[i][1], p.get(i).fp(), "fp of point " + i);
        }
        assertEquals(Double.POSITIVE_INFINITY, p.get(0).threshold());
        assertEquals(0.0, p.get(4).threshold());
    }

    @Test
    void aTieBetweenMemberAndNonMemberCountsOneHalf() {
        // Pairs: 1>0.5, 1>0, 0.5=0.5 (1/2), 0.5>0: 3.5 of 4.
        assertEquals(0.875, Roc.of(new double[] {1, 0.5}, new double[] {0.5, 0}).auc());
        Roc allTied = Roc.of(new double[] {1, 1}, new double[] {1, 1, 1});
        assertEquals(0.5, allTied.auc());
        assertEquals(2, allTied.points().size()); // one threshold moves straight from (0,0) to (1,1)
    }

    @Test
    void tprAtFprTakesTheBestThresholdWithinTheFprWithoutInterpolating() {
        // Thresholds 5, 4.5, 4, 3, 2, 1, 0, -1 give (tp, fp) = (1,0) (1,1) (2,1) (3,1) (3,2) (4,2) (4,3) (4,4).
        Roc roc = Roc.of(new double[] {5, 4, 3, 1}, new double[] {4.5, 2, 0, -1});
        assertEquals(0.75, roc.auc()); // 4 + 3 + 3 + 2 pairs of 16
        assertEquals(0.25, roc.tprAtFpr(0));
        assertEquals(0.25, roc.tprAtFpr(0.2)); // the point at FPR 0.25 is not allowed, nor a blend towards it
        assertEquals(0.75, roc.tprAtFpr(0.25));
        assertEquals(1.0, roc.tprAtFpr(0.5));
        assertEquals(1.0, roc.tprAtFpr(1));
    }

    @Test
    void refusesEmptySidesAndNaN() {
        assertThrows(IllegalArgumentException.class, () -> Roc.of(new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Roc.of(new double[] {1}, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Roc.of(new double[] {Double.NaN}, new double[] {1}));
    }

    /** One seeded case: sizes, and scores from a few integer levels (many ties) or continuous ones. */
    record Case(long seed, int members, int nonMembers, int levels, double shift) {
        static Case of(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            return new Case(
                    seed,
                    1 + r.nextInt(60),
                    1 + r.nextInt(60),
                    r.nextBoolean() ? 1 + r.nextInt(5) : 0,
                    r.nextDouble(-1, 1));
        }

        double[] scores(int n, double offset, SplittableRandom r) {
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                double v = r.nextGaussian() + offset;
                s[i] = levels == 0 ? v : Math.round(v * levels / 2.0);
            }
            return s;
        }

        @Override
        public String toString() {
            return "seed=" + seed + " members=" + members + " nonMembers=" + nonMembers + " levels=" + levels;
        }
    }

    static Stream<Case> cases() {
        return LongStream.range(0, 200).mapToObj(i -> Case.of(0x5EED0000L + i));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aucIsTheMannWhitneyStatisticTheAreaUnderThePointsAndFlipsWithTheScores(Case c) {
        SplittableRandom r = new SplittableRandom(c.seed());
        double[] m = c.scores(c.members(), c.shift(), r);
        double[] n = c.scores(c.nonMembers(), 0, r);
        Roc roc = Roc.of(m, n);
        double pairs = 0;
        for (double a : m) {
            for (double b : n) {
                pairs += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        assertEquals(pairs / (m.length * (double) n.length), roc.auc(), 1e-12, c.toString());
        double area = 0;
        List<Roc.Point> p = roc.points();
        for (int i = 1; i < p.size(); i++) {
            area += (p.get(i).fpr() - p.get(i - 1).fpr())
                    * (p.get(i).tpr() + p.get(i - 1).tpr())
                    / 2;
        }
        assertEquals(roc.auc(), area, 1e-12, c.toString());
        Roc.Point last = p.get(p.size() - 1);
        assertEquals(1.0, last.tpr(), c.toString());
        assertEquals(1.0, last.fpr(), c.toString());
        assertEquals(1 - roc.auc(), Roc.of(negate(m), negate(n)).auc(), 1e-12, c.toString());
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void scoresThatIgnoreMembershipGiveAnAucNearOneHalf(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int size = 2000;
        double[] m = new double[size];
        double[] n = new double[size];
        for (int i = 0; i < size; i++) {
            m[i] = r.nextDouble();
            n[i] = r.nextDouble();
        }
        // Standard error of the AUC under the null: sqrt((m + n + 1) / (12 m n)) ~ 0.0065; allow 5 of them.
        double auc = Roc.of(m, n).auc();
        assertTrue(
                Math.abs(auc - 0.5) < 5 * Math.sqrt((2.0 * size + 1) / (12.0 * size * size)),
                "seed " + seed + ": " + auc);
    }

    static LongStream seeds() {
        return LongStream.range(0, 10).map(i -> 0xA0C0L + i);
    }

    private static double[] negate(double[] s) {
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = -s[i];
        }
        return out;
    }
}
