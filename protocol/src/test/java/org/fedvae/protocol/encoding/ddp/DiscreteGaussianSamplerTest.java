package org.fedvae.protocol.encoding.ddp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscreteGaussianSamplerTest {

    static RandomBits seeded(long seed) {
        return AesCtrBits.derived("test", ByteBuffer.allocate(8).putLong(seed).array());
    }

    /** Chi-square of 100,000 draws against the exact pmf exp(-x^2 / 2 sigma^2) / Z, tails pooled. */
    @ParameterizedTest(name = "sigma^2 = {0}, seed {1}")
    @CsvSource({"0.25, 1", "1.0, 2", "2.5, 3", "7.3, 4", "30.0, 5"})
    void drawsFollowTheExactPmf(double variance, long seed) {
        int draws = 100_000;
        int range = (int) Math.ceil(12 * Math.sqrt(variance)) + 2;
        double[] weight = new double[2 * range + 1];
        double z = 0;
        for (int x = -range; x <= range; x++) {
            weight[x + range] = Math.exp(-(double) x * x / (2 * variance));
            z += weight[x + range];
        }
        long[] counts = new long[weight.length];
        DiscreteGaussianSampler sampler = new DiscreteGaussianSampler(variance, seeded(seed));
        for (int i = 0; i < draws; i++) {
            long x = sampler.next();
            assertTrue(Math.abs(x) <= range, "seed " + seed + ": draw " + x + " beyond 12 sigma");
            counts[(int) x + range]++;
        }
        // Pool cells with expectation below 5 into one tail cell.
        double chi2 = 0;
        int cells = 0;
        double pooledExpected = 0;
        long pooledObserved = 0;
        for (int i = 0; i < weight.length; i++) {
            double expected = draws * weight[i] / z;
            if (expected < 5) {
                pooledExpected += expected;
                pooledObserved += counts[i];
            } else {
                chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
                cells++;
            }
        }
        if (pooledExpected > 0) {
            chi2 += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / Math.max(pooledExpected, 1);
            cells++;
        }
        // Wilson-Hilferty upper quantile at about 1e-6 for cells - 1 degrees of freedom.
        int df = cells - 1;
        double zq = 4.75;
        double limit = df * Math.pow(1 - 2.0 / (9 * df) + zq * Math.sqrt(2.0 / (9 * df)), 3);
        assertTrue(chi2 < limit, "seed " + seed + ": chi-square " + chi2 + " over " + df + " dof, limit " + limit);
    }

    @ParameterizedTest(name = "sigma^2 = {0}, seed {1}")
    @CsvSource({"1e6, 11", "1e12, 12", "3.7e15, 13"})
    void largeVariancesHaveTheirMeanAndVariance(double variance, long seed) {
        int draws = 20_000;
        DiscreteGaussianSampler sampler = new DiscreteGaussianSampler(variance, seeded(seed));
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            double x = sampler.next();
            sum += x;
            squares += x * x;
        }
        double mean = sum / draws;
        double var = squares / draws - mean * mean;
        // Standard errors: sigma / sqrt(n) for the mean, about sigma^2 sqrt(2 / n) for the variance.
        assertTrue(Math.abs(mean) < 5 * Math.sqrt(variance / draws), "seed " + seed + ": mean " + mean);
        assertEquals(variance, var, 5 * variance * Math.sqrt(2.0 / draws), "seed " + seed);
    }

    @Test
    void laplaceScaleIsFloorSigmaPlusOne() {
        assertEquals(1, new DiscreteGaussianSampler(0.25, seeded(0)).laplaceScale());
        assertEquals(2, new DiscreteGaussianSampler(1.0, seeded(0)).laplaceScale());
        assertEquals(1001, new DiscreteGaussianSampler(1e6, seeded(0)).laplaceScale());
    }

    @Test
    void sameStreamSameDraws() {
        DiscreteGaussianSampler a = new DiscreteGaussianSampler(40.5, seeded(9));
        DiscreteGaussianSampler b = new DiscreteGaussianSampler(40.5, seeded(9));
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.next(), b.next());
        }
    }

    @Test
    void refusesBadVariances() {
        for (double v : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 0x1p101}) {
            assertThrows(IllegalArgumentException.class, () -> new DiscreteGaussianSampler(v, seeded(0)), "" + v);
        }
    }

    @Test
    void bernoulliExpMatchesItsProbability() {
        RandomBits bits = seeded(21);
        int trials = 200_000;
        int hits = 0;
        for (int i = 0; i < trials; i++) {
            if (ExactBernoulli.bernoulliExp(java.math.BigInteger.valueOf(7), java.math.BigInteger.valueOf(3), bits)) {
                hits++;
            }
        }
        double p = Math.exp(-7.0 / 3);
        assertEquals(p, (double) hits / trials, 5 * Math.sqrt(p * (1 - p) / trials));
    }
}
