package org.fedvae.simulations.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DpBoundTest {

    private static final DpBound EPS_ONE = new DpBound(1, 0, 0.95);

    @Test
    void pointsInsideTheRegionAreAllowed() {
        assertNull(EPS_ONE.brokenSide(0, 0));
        assertNull(EPS_ONE.brokenSide(1, 1));
        assertNull(EPS_ONE.brokenSide(0.1, 0.2)); // 0.2 <= e * 0.1 = 0.27
        assertNull(EPS_ONE.brokenSide(0.5, 0.5)); // guessing
        assertNull(EPS_ONE.brokenSide(0.3, 0.1)); // below the diagonal is never a problem
    }

    @Test
    void pointsAboveEitherSideAreNot() {
        assertEquals("TPR > e^eps FPR + delta", EPS_ONE.brokenSide(0.1, 0.3));
        assertEquals("TPR > e^eps FPR + delta", EPS_ONE.brokenSide(0, 1e-9));
        // 1 - FPR = 0.1 > e * (1 - TPR) = 0.027, although TPR <= e * FPR holds.
        assertEquals("1-FPR > e^eps (1-TPR) + delta", EPS_ONE.brokenSide(0.9, 0.99));
        assertNull(new DpBound(1, 0.1, 0.95).brokenSide(0.0, 0.09)); // delta covers it
    }

    @Test
    void aPerfectAttackBreaksAnyModestGuaranteeBeyondSamplingError() {
        double[] members = new double[1000];
        double[] nonMembers = new double[1000];
        java.util.Arrays.fill(members, 1);
        Roc roc = Roc.of(members, nonMembers);
        List<DpBound.Violation> v = new DpBound(2, 1e-5, 0.95).violations(roc);
        assertFalse(v.isEmpty());
        DpBound.Violation worst = v.get(0);
        assertEquals(1.0, worst.point().tpr());
        assertEquals(0.0, worst.point().fpr());
        assertTrue(worst.tprLower() > 0.98 && worst.fprUpper() < 0.02, worst.toString());
    }

    @Test
    void theFirstThresholdAloneIsSamplingErrorNotAViolation() {
        // One member above everything: TPR 1/1000 at FPR 0 is above delta = 1e-5, yet proves nothing.
        double[] members = new double[1000];
        members[0] = 1;
        Roc roc = Roc.of(members, new double[1000]);
        assertNotNull(new DpBound(1, 1e-5, 0.95)
                .brokenSide(roc.points().get(1).fpr(), roc.points().get(1).tpr()));
        assertTrue(new DpBound(1, 1e-5, 0.95).violations(roc).isEmpty());
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void scoresThatIgnoreMembershipNeverViolateEvenEpsilonZero(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] m = new double[3000];
        double[] n = new double[3000];
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextGaussian();
            n[i] = r.nextGaussian();
        }
        Roc roc = Roc.of(m, n);
        DpBound zero = new DpBound(0, 0, 0.95);
        long raw = roc.points().stream()
                .filter(p -> zero.brokenSide(p.fpr(), p.tpr()) != null)
                .count();
        assertTrue(raw > 0, "seed " + seed + ": chance alone puts raw points above the diagonal");
        assertEquals(List.of(), zero.violations(roc), "seed " + seed);
        assertEquals(0.0, zero.empiricalEpsilon(roc), "seed " + seed);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void theEmpiricalEpsilonIsExactlyWhereViolationsStop(long seed) {
        // A shifted attack: members score higher by a seeded amount, so the ROC proves some epsilon.
        SplittableRandom r = new SplittableRandom(seed);
        double shift = r.nextDouble(0.5, 3);
        double[] m = new double[800];
        double[] n = new double[800];
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextGaussian() + shift;
            n[i] = r.nextGaussian();
        }
        Roc roc = Roc.of(m, n);
        double proved = new DpBound(0, 1e-5, 0.95).empiricalEpsilon(roc);
        assertTrue(proved > 0, "seed " + seed + " shift " + shift + ": a separating attack proves something");
        List<DpBound.Violation> found = new DpBound(proved * 0.99, 1e-5, 0.95).violations(roc);
        assertFalse(found.isEmpty(), "seed " + seed);
        double worst =
                found.stream().mapToDouble(DpBound.Violation::epsilon).max().orElseThrow();
        assertEquals(proved, worst, 1e-12, "seed " + seed + ": the worst violation needs exactly the proved epsilon");
        assertTrue(new DpBound(proved * 1.01, 1e-5, 0.95).violations(roc).isEmpty(), "seed " + seed);
    }

    static LongStream seeds() {
        return LongStream.range(0, 5).map(i -> 0xB0DL + i);
    }

    @Test
    void clopperPearsonMatchesItsClosedFormsAtTheEnds() {
        // k = 0: upper = 1 - alpha^(1/n); k = n: lower = alpha^(1/n).
        assertEquals(1 - Math.pow(0.05, 0.1), ClopperPearson.upper(0, 10, 0.05), 1e-9);
        assertEquals(Math.pow(0.05, 0.1), ClopperPearson.lower(10, 10, 0.05), 1e-9);
        assertEquals(0.0, ClopperPearson.lower(0, 10, 0.05));
        assertEquals(1.0, ClopperPearson.upper(10, 10, 0.05));
        double lo = ClopperPearson.lower(50, 100, 0.025);
        double hi = ClopperPearson.upper(50, 100, 0.025);
        assertEquals(1.0, lo + hi, 1e-9); // symmetric around one half
        assertTrue(lo > 0.39 && lo < 0.41, "exact 95% interval of 50/100 starts at 0.398: " + lo);
    }

    @Test
    void refusesMeaninglessGuarantees() {
        assertThrows(IllegalArgumentException.class, () -> new DpBound(-1, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> new DpBound(Double.POSITIVE_INFINITY, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> new DpBound(1, 1, 0.95));
        assertThrows(IllegalArgumentException.class, () -> new DpBound(1, 0, 1));
    }
}
