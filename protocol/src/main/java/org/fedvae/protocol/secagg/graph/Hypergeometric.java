package org.fedvae.protocol.secagg.graph;

/**
 * The hypergeometric distribution: how many of {@code marked} special members of a population of {@code total} land
 * in a uniformly random sample of {@code sampled} (without replacement). It models how many of a participant's
 * neighbours are corrupted, or survive, when the neighbourhood is a random set of cohort members.
 *
 * <p>Tails are summed term by term from the far end, never as {@code 1 - cdf}: the probabilities the parameter rule
 * compares against are about 2^-50, far below what a subtraction from one could resolve.
 */
final class Hypergeometric {

    private final int total;
    private final int marked;
    private final int sampled;

    Hypergeometric(int total, int marked, int sampled) {
        if (total < 0 || marked < 0 || sampled < 0 || marked > total || sampled > total) {
            throw new IllegalArgumentException("hypergeometric needs 0 <= marked, sampled <= total, got " + marked
                    + ", " + sampled + ", " + total);
        }
        this.total = total;
        this.marked = marked;
        this.sampled = sampled;
    }

    /** P(X = x). */
    double pmf(int x) {
        if (x < Math.max(0, sampled + marked - total) || x > Math.min(sampled, marked)) {
            return 0;
        }
        return Math.exp(LogFactorial.logChoose(marked, x)
                + LogFactorial.logChoose(total - marked, sampled - x)
                - LogFactorial.logChoose(total, sampled));
    }

    /** P(X <= x). */
    double cdf(int x) {
        double sum = 0;
        for (int i = Math.min(x, sampled); i >= 0; i--) {
            sum += pmf(i);
        }
        return sum;
    }

    /** P(X > x). */
    double survival(int x) {
        double sum = 0;
        for (int i = sampled; i > x && i >= 0; i--) {
            sum += pmf(i);
        }
        return sum;
    }

    /** The smallest x with P(X > x) < p: the count that X exceeds only with probability below p. */
    int upperQuantile(double p) {
        int x = sampled;
        double tail = 0;
        // Walk down while the tail above x - 1 stays below p.
        while (x > 0 && tail + pmf(x) < p) {
            tail += pmf(x);
            x--;
        }
        return x;
    }

    /** The largest x with P(X < x) < p: X falls below it only with probability below p. */
    int lowerQuantile(double p) {
        int x = 0;
        double below = 0;
        while (x < sampled && below + pmf(x) < p) {
            below += pmf(x);
            x++;
        }
        return x;
    }
}
