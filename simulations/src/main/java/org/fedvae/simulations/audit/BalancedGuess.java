package org.fedvae.simulations.audit;

import java.util.Arrays;
import java.util.Random;

/**
 * Hilprecht et al.'s accuracy test: draw {@code k} members and {@code k} non-members, call the
 * {@code k} highest-scored of the {@code 2k} members, and count how many calls are right (0.5 is
 * guessing). Averaged over seeded draws; ties at the cut are broken at random, never in the
 * attacker's favour.
 */
public final class BalancedGuess {

    /** The mean accuracy over the draws and its standard deviation. */
    public record Result(int perSide, int draws, double meanAccuracy, double stdAccuracy) {}

    private BalancedGuess() {}

    public static Result of(double[] memberScores, double[] nonMemberScores, int perSide, int draws, long seed) {
        if (perSide < 1 || perSide > memberScores.length || perSide > nonMemberScores.length) {
            throw new IllegalArgumentException("cannot draw " + perSide + " of " + memberScores.length + " members and "
                    + nonMemberScores.length + " non-members");
        }
        if (draws < 1) {
            throw new IllegalArgumentException("need at least one draw, got " + draws);
        }
        Random rng = new Random(seed);
        double sum = 0;
        double sumSq = 0;
        for (int d = 0; d < draws; d++) {
            double acc = accuracy(draw(memberScores, perSide, rng), draw(nonMemberScores, perSide, rng), rng);
            sum += acc;
            sumSq += acc * acc;
        }
        double mean = sum / draws;
        double var = Math.max(0, sumSq / draws - mean * mean);
        return new Result(perSide, draws, mean, Math.sqrt(var));
    }

    /** Accuracy of calling the top half of the pooled scores members (equal counts on both sides). */
    static double accuracy(double[] members, double[] nonMembers, Random rng) {
        int k = members.length;
        // Each entry: score, a random tie-breaker, and whether it is a member.
        double[][] pooled = new double[2 * k][];
        for (int i = 0; i < k; i++) {
            pooled[i] = new double[] {members[i], rng.nextDouble(), 1};
            pooled[k + i] = new double[] {nonMembers[i], rng.nextDouble(), 0};
        }
        Arrays.sort(pooled, (a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
        int membersCalled = 0;
        for (int i = 0; i < k; i++) {
            membersCalled += (int) pooled[i][2];
        }
        // The k calls hold membersCalled members, so the other k hold as many non-members.
        return (2.0 * membersCalled) / (2 * k);
    }

    private static double[] draw(double[] scores, int k, Random rng) {
        int[] idx = new int[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        double[] out = new double[k];
        for (int i = 0; i < k; i++) { // partial Fisher-Yates: k distinct images
            int j = i + rng.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            out[i] = scores[idx[i]];
        }
        return out;
    }
}
