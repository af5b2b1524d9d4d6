package org.fedvae.simulations.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ROC curve of a membership score (higher means "member") over known members and
 * non-members: one point per distinct score used as threshold ("member if score >= t"), from
 * (0, 0) to (1, 1). Points keep their counts, so that a bound check can put confidence
 * intervals around them.
 */
public final class Roc {

    /** One threshold: {@code tp} of the members and {@code fp} of the non-members score at least {@code threshold}. */
    public record Point(double threshold, int tp, int fp, int members, int nonMembers) {

        public double tpr() {
            return (double) tp / members;
        }

        public double fpr() {
            return (double) fp / nonMembers;
        }
    }

    private final List<Point> points;
    private final double auc;

    private Roc(List<Point> points, double auc) {
        this.points = List.copyOf(points);
        this.auc = auc;
    }

    /** The curve of {@code memberScores} against {@code nonMemberScores}; both non-empty, no NaN. */
    public static Roc of(double[] memberScores, double[] nonMemberScores) {
        int m = memberScores.length;
        int n = nonMemberScores.length;
        if (m == 0 || n == 0) {
            throw new IllegalArgumentException("need members and non-members, got " + m + " and " + n);
        }
        double[] a = memberScores.clone();
        double[] b = nonMemberScores.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        if (Double.isNaN(a[m - 1]) || Double.isNaN(b[n - 1])) {
            throw new IllegalArgumentException("scores must not be NaN");
        }
        // Walk both sorted lists from the top: each distinct score adds the members and non-members that have it.
        List<Point> points = new ArrayList<>();
        points.add(new Point(Double.POSITIVE_INFINITY, 0, 0, m, n));
        int i = m - 1;
        int j = n - 1;
        double u = 0; // Mann-Whitney U: pairs (member, non-member) ranked right, ties counted 1/2
        while (i >= 0 || j >= 0) {
            double t = Math.max(i >= 0 ? a[i] : Double.NEGATIVE_INFINITY, j >= 0 ? b[j] : Double.NEGATIVE_INFINITY);
            int tiedMembers = 0;
            while (i >= 0 && a[i] == t) {
                tiedMembers++;
                i--;
            }
            int tiedNonMembers = 0;
            while (j >= 0 && b[j] == t) {
                tiedNonMembers++;
                j--;
            }
            // Members at t beat every non-member below t (j + 1 of them) and tie with those at t.
            u += tiedMembers * ((j + 1) + 0.5 * tiedNonMembers);
            Point last = points.get(points.size() - 1);
            points.add(new Point(t, last.tp() + tiedMembers, last.fp() + tiedNonMembers, m, n));
        }
        return new Roc(points, u / ((double) m * n));
    }

    /** From (0, 0) at threshold +infinity to (1, 1), FPR and TPR never decreasing. */
    public List<Point> points() {
        return points;
    }

    /**
     * The probability that a random member scores above a random non-member, ties counting one
     * half: the Mann-Whitney U statistic over (members x non-members), equal to the area under
     * the curve with straight segments between points.
     */
    public double auc() {
        return auc;
    }

    /**
     * The largest TPR among the thresholds whose FPR is at most {@code maxFpr}: what an attacker
     * achieves at that false-positive rate without interpolating between thresholds.
     */
    public double tprAtFpr(double maxFpr) {
        double best = 0;
        for (Point p : points) {
            if (p.fpr() <= maxFpr) {
                best = Math.max(best, p.tpr());
            }
        }
        return best;
    }
}
