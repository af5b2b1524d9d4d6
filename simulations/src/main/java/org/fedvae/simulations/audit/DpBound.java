package org.fedvae.simulations.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an (epsilon, delta) differential-privacy guarantee allows a membership test: every
 * threshold's TPR <= e^eps FPR + delta and, on the other side, 1 - FPR <= e^eps (1 - TPR) + delta
 * (Kairouz, Oh, Viswanath 2015). An ROC point above it means the guarantee does not hold.
 *
 * <p>A measured ROC point is an estimate from finitely many images, so a correct guarantee can
 * still show a raw point above the bound (the first threshold alone, one member and no
 * non-member, has FPR 0 and TPR 1/members &gt; delta). A point counts as a violation only if it
 * lies above the bound even with TPR at its Clopper-Pearson lower bound and FPR at its upper
 * bound, with the confidence split over every interval (Bonferroni): a correct implementation is
 * then reported as violating with probability at most {@code 1 - confidence}.
 */
public final class DpBound {

    /**
     * One point above the bound, with the intervals that still put it there; {@code epsilon} is
     * the smallest epsilon (at this delta) that would allow those intervals.
     */
    public record Violation(Roc.Point point, double tprLower, double fprUpper, String side, double epsilon) {}

    private final double epsilon;
    private final double delta;
    private final double confidence;

    public DpBound(double epsilon, double delta, double confidence) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon) || !(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException(
                    "need epsilon >= 0 (finite) and 0 <= delta < 1, got " + epsilon + ", " + delta);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        this.epsilon = epsilon;
        this.delta = delta;
        this.confidence = confidence;
    }

    /** Whether the exact point (fpr, tpr) is allowed; null if it is, else the side it breaks. */
    public String brokenSide(double fpr, double tpr) {
        double e = Math.exp(epsilon);
        if (tpr > e * fpr + delta) {
            return "TPR > e^eps FPR + delta";
        }
        if (1 - fpr > e * (1 - tpr) + delta) {
            return "1-FPR > e^eps (1-TPR) + delta";
        }
        return null;
    }

    /** The points of {@code roc} that lie above the bound beyond their sampling error. */
    public List<Violation> violations(Roc roc) {
        Intervals ci = new Intervals(roc);
        List<Violation> out = new ArrayList<>();
        for (Roc.Point p : roc.points()) {
            if (brokenSide(p.fpr(), p.tpr()) == null) {
                continue; // its interval corner lies lower still
            }
            double lo = ci.tprLower(p);
            double hi = ci.fprUpper(p);
            String side = brokenSide(hi, lo);
            if (side != null) {
                double needed = Math.max(logRatio(lo - delta, hi), logRatio(1 - hi - delta, 1 - lo));
                out.add(new Violation(p, lo, hi, side, needed));
            }
        }
        return out;
    }

    /**
     * The largest epsilon that this ROC proves, at this delta and confidence, no mechanism
     * achieving it can have: {@link #violations} is empty exactly for claimed epsilons at or above
     * it. 0 when nothing is proved.
     */
    public double empiricalEpsilon(Roc roc) {
        Intervals ci = new Intervals(roc);
        double best = 0;
        for (Roc.Point p : roc.points()) {
            double lo = ci.tprLower(p);
            double hi = ci.fprUpper(p);
            best = Math.max(best, logRatio(lo - delta, hi));
            best = Math.max(best, logRatio(1 - hi - delta, 1 - lo));
        }
        return best;
    }

    /** log(a / b) where it is positive, else 0 (a ratio at most 1 proves nothing). */
    private static double logRatio(double a, double b) {
        return a > b ? Math.log(a / b) : 0;
    }

    /**
     * Per point, two one-sided intervals: both sides of the bound rise with FPR and TPR, so the
     * pessimistic corner (low TPR, high FPR) decides. The confidence is split over all of them.
     */
    private final class Intervals {
        private final double alpha;
        private final Map<Integer, Double> tprLower = new HashMap<>();
        private final Map<Integer, Double> fprUpper = new HashMap<>();

        Intervals(Roc roc) {
            alpha = (1 - confidence) / (2.0 * roc.points().size());
        }

        double tprLower(Roc.Point p) {
            return tprLower.computeIfAbsent(p.tp(), k -> ClopperPearson.lower(k, p.members(), alpha));
        }

        double fprUpper(Roc.Point p) {
            return fprUpper.computeIfAbsent(p.fp(), k -> ClopperPearson.upper(k, p.nonMembers(), alpha));
        }
    }

    public double epsilon() {
        return epsilon;
    }

    public double delta() {
        return delta;
    }

    public double confidence() {
        return confidence;
    }
}
