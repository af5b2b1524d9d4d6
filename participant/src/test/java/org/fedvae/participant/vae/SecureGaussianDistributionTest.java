package org.fedvae.participant.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ziggurat's output against the standard normal: its CDF (Kolmogorov-Smirnov), moments and
 * tails. The tails get their own test since that is where ziggurats go wrong (a dropped or
 * clamped tail beyond R = 3.654 hardly moves the KS statistic); a sampler without the tail
 * fails it, see {@link #theTailCheckRejectsANormalCutAtTheZigguratsEdge}.
 */
class SecureGaussianDistributionTest {

    /** P(|Z| > k) for k = 2, 3, 3.5, 4, 4.5: 2 (1 - Phi(k)). */
    private static final double[] SIGMAS = {2, 3, 3.5, 4, 4.5};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2024, -77})
    void ksStatisticOnAMillionValuesIsBelowTheCriticalValue(long seed) {
        System.out.println("SecureGaussian KS seed " + seed);
        int n = 1_000_000;
        SecureGaussian g = SecureGaussian.insecureFromSeed(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = g.nextGaussian();
        }
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double p = phi(x[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - p, p - (double) i / n));
        }
        // alpha = 0.001: sqrt(n) D exceeds sqrt(-ln(alpha / 2) / 2) = 1.949 with probability 0.001
        assertTrue(Math.sqrt(n) * d < 1.949, "seed " + seed + ": sqrt(n) D = " + Math.sqrt(n) * d);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 31337})
    void meanVarianceAndKurtosisMatchTheNormal(long seed) {
        System.out.println("SecureGaussian moments seed " + seed);
        int n = 2_000_000;
        SecureGaussian g = SecureGaussian.insecureFromSeed(seed);
        double s1 = 0;
        double s2 = 0;
        double s4 = 0;
        for (int i = 0; i < n; i++) {
            double v = g.nextGaussian();
            s1 += v;
            s2 += v * v;
            s4 += v * v * v * v;
        }
        double mean = s1 / n;
        double var = s2 / n - mean * mean;
        double kurtosis = (s4 / n) / (var * var);
        // 5 standard errors: mean 1/sqrt(n), E Z^2 sqrt(2/n), E Z^4 sqrt(96/n) (kurtosis about the same)
        assertEquals(0, mean, 5 / Math.sqrt(n), "seed " + seed + ": mean");
        assertEquals(1, var, 5 * Math.sqrt(2.0 / n), "seed " + seed + ": variance");
        assertEquals(3, kurtosis, 5 * Math.sqrt(96.0 / n), "seed " + seed + ": kurtosis");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 1_000_003})
    void tailFrequenciesOnEachSideAreBinomial(long seed) {
        System.out.println("SecureGaussian tails seed " + seed);
        SecureGaussian g = SecureGaussian.insecureFromSeed(seed);
        List<String> failures = tailFailures(g::nextGaussian, 10_000_000);
        assertTrue(failures.isEmpty(), "seed " + seed + ": " + failures);
    }

    /** The tail test can fail: a normal truncated at R (what a ziggurat dropping its tail gives). */
    @Test
    void theTailCheckRejectsANormalCutAtTheZigguratsEdge() {
        SecureGaussian g = SecureGaussian.insecureFromSeed(11);
        DoubleSupplier truncated = () -> {
            double v;
            do {
                v = g.nextGaussian();
            } while (Math.abs(v) >= Ziggurat.R);
            return v;
        };
        List<String> failures = tailFailures(truncated, 10_000_000);
        // beyond 3 sigma it keeps about 12,210 of 13,500 per side, 11 standard errors short, and
        // none beyond 4; only the 2-sigma counts (1,230 short of 227,501, 2.6 errors) pass
        assertEquals(8, failures.size(), failures.toString());
        assertFalse(failures.stream().anyMatch(f -> f.startsWith("beyond 2.0")), failures.toString());
    }

    /** DP-SGD draws through fill's own loop over the chunk; it must give nextGaussian's values. */
    @Test
    void fillGivesTheValuesOfSuccessiveCalls() {
        SecureGaussian bulk = SecureGaussian.insecureFromSeed(17);
        SecureGaussian single = SecureGaussian.insecureFromSeed(17);
        float[] out = new float[300_001];
        for (int round = 0; round < 3; round++) { // odd lengths: fills end and start mid-chunk
            int n = out.length - round * 77_777;
            bulk.fill(out, n, 2.5);
            for (int i = 0; i < n; i++) {
                assertEquals((float) (2.5 * single.nextGaussian()), out[i], "round " + round + ", value " + i);
            }
        }
    }

    @Test
    void layersHaveEqualAreaUpToTheTopOne() {
        for (int i = 1; i < Ziggurat.LAYERS; i++) {
            assertEquals(Ziggurat.V, Ziggurat.layerArea(i), 1e-12 * Ziggurat.V, "layer " + i);
        }
        // the base strip: R f(R) plus the tail beyond R, integrated here by Simpson's rule
        double tail = 0;
        int steps = 200_000;
        double h = 20.0 / steps;
        for (int k = 0; k <= steps; k++) {
            double w = k == 0 || k == steps ? 1 : k % 2 == 1 ? 4 : 2;
            double t = Ziggurat.R + k * h;
            tail += w * Math.exp(-0.5 * t * t);
        }
        tail *= h / 3;
        assertEquals(Ziggurat.V, Ziggurat.R * Math.exp(-0.5 * Ziggurat.R * Ziggurat.R) + tail, 1e-13);
    }

    /**
     * Counts beyond +k and below -k sigma for each k in {@link #SIGMAS}; a count more than 5
     * binomial standard errors from n P(Z > k) fails (with n = 10^7: 2 sigma 227,501 +- 470,
     * 4 sigma 317 +- 18, 4.5 sigma 34 +- 5.8).
     */
    private static List<String> tailFailures(DoubleSupplier sampler, int n) {
        long[] above = new long[SIGMAS.length];
        long[] below = new long[SIGMAS.length];
        for (int i = 0; i < n; i++) {
            double v = sampler.getAsDouble();
            for (int k = 0; k < SIGMAS.length; k++) {
                if (v > SIGMAS[k]) {
                    above[k]++;
                } else if (v < -SIGMAS[k]) {
                    below[k]++;
                }
            }
        }
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < SIGMAS.length; k++) {
            double p = 1 - phi(SIGMAS[k]);
            double expected = n * p;
            double bound = 5 * Math.sqrt(n * p * (1 - p));
            for (long count : new long[] {above[k], below[k]}) {
                if (Math.abs(count - expected) > bound) {
                    failures.add(String.format(
                            "beyond %.1f sigma: %d, expected %.1f +- %.1f", SIGMAS[k], count, expected, bound));
                }
            }
        }
        return failures;
    }

    /**
     * The standard normal CDF by Marsaglia's series (J. Stat. Softw. 2004): Phi(x) = 1/2 +
     * phi(x) (x + x^3/3 + x^5/15 + ...), absolute error near 1e-15 for |x| < 8.
     */
    static double phi(double x) {
        if (x < -8) {
            return 0;
        }
        if (x > 8) {
            return 1;
        }
        double s = x;
        double t = 0;
        double b = x;
        double q = x * x;
        double i = 1;
        while (s != t) {
            t = s;
            i += 2;
            b *= q / i;
            s = t + b;
        }
        return 0.5 + s * Math.exp(-0.5 * q - 0.91893853320467274178);
    }
}
