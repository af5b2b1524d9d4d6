package org.fedvae.participant.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.fedvae.participant.data.ImageSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The noise and the sampling DP-SGD's guarantee rests on: their scale and rates, per seed. */
class DpSgdNoiseTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 99, 123456789})
    void anEmptyBatchGetsNoiseOfStdSigmaCOverTheExpectedBatch(long seed) {
        Vae vae = new Vae(VaeConfig.defaults(seed)); // 652,824 coordinates
        double sigma = 1.3;
        double clip = 0.7;
        ImageSet images = SyntheticImages.noise(50, 28, seed);
        double q = 0.1; // expected batch 5
        DpSgd dp = new DpSgd(vae, new DpSgdSettings(clip, sigma, q), SecureGaussian.insecureFromSeed(seed));
        dp.privateGradient(images, new int[0], 0, new SplittableRandom(seed));
        int n = vae.spec().totalSize();
        double[] g = NdCopy.readDoubles(vae.gradients().flat, n);
        double expectedStd = sigma * clip / (q * 50);
        double sum = 0;
        double sumSq = 0;
        int withinOne = 0;
        for (double v : g) {
            sum += v;
            sumSq += v * v;
            if (Math.abs(v) <= expectedStd) {
                withinOne++;
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(sumSq / n - mean * mean);
        // the std estimate's own std is about 1/sqrt(2n) = 0.09%; the bounds are ~10 of those
        assertEquals(expectedStd, std, 0.01 * expectedStd, "seed " + seed);
        assertEquals(0.0, mean, 6 * expectedStd / Math.sqrt(n), "seed " + seed);
        assertEquals(0.6827, (double) withinOne / n, 0.006, "seed " + seed + ": not Gaussian-shaped");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 6, 7})
    void poissonSamplingTakesEachImageWithRateQIndependently(long seed) {
        Vae vae = new Vae(new VaeConfig(16, 4, 2, 1.0, 1e-3, 8, seed));
        double q = 0.05;
        int n = 400;
        int steps = 2000;
        DpSgd dp = new DpSgd(vae, new DpSgdSettings(1, 1, q), SecureGaussian.insecureFromSeed(seed));
        int[] hits = new int[n];
        long total = 0;
        long sumSq = 0;
        for (int s = 0; s < steps; s++) {
            int k = dp.sampleBatch(n);
            int[] b = dp.lastBatch();
            for (int j = 0; j < k; j++) {
                hits[b[j]]++;
            }
            total += k;
            sumSq += (long) k * k;
        }
        double meanBatch = (double) total / steps;
        double varBatch = (double) sumSq / steps - meanBatch * meanBatch;
        // binomial(400, 0.05): mean 20, variance 19; the mean's std over 2,000 steps is 0.1
        assertEquals(20.0, meanBatch, 0.6, "seed " + seed);
        assertEquals(19.0, varBatch, 3.0, "seed " + seed + ": batch sizes not binomial");
        for (int i = 0; i < n; i++) { // each image ~ binomial(2000, 0.05): 100 +- 9.7
            assertTrue(hits[i] > 50 && hits[i] < 150, "seed " + seed + ": image " + i + " sampled " + hits[i]);
        }
    }

    @Test
    void freshStreamsDifferAndASeededOneRepeats() {
        SecureRandom random = new SecureRandom();
        assertNotEquals(
                SecureGaussian.fresh(random).nextUniform(),
                SecureGaussian.fresh(random).nextUniform());
        SecureGaussian a = SecureGaussian.insecureFromSeed(3);
        SecureGaussian b = SecureGaussian.insecureFromSeed(3);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(a.nextGaussian(), b.nextGaussian());
        }
        double u = SecureGaussian.insecureFromSeed(4).nextUniform();
        assertTrue(u >= 0 && u < 1);
    }

    @Test
    void dpTrainingStillLearnsWithModestNoise() {
        VaeConfig small = new VaeConfig(64, 32, 4, 1.0, 1e-2, 16, 3);
        ImageSet train = SyntheticImages.bars(512, 8, 1);
        ImageSet test = SyntheticImages.bars(128, 8, 2);
        Vae vae = new Vae(small);
        double before = vae.evaluate(test);
        DpSgd dp = new DpSgd(vae, new DpSgdSettings(5.0, 0.5, 64.0 / 512), SecureGaussian.insecureFromSeed(8));
        for (int epoch = 0; epoch < 15; epoch++) {
            EpochStats s = dp.trainEpoch(train, epoch, TrainingProgress.NONE);
            assertEquals(8, s.batches());
        }
        double after = vae.evaluate(test);
        assertTrue(after < 0.8 * before, "test loss " + before + " -> " + after);
        assertEquals(8 * 15, vae.optimizerSteps());
    }
}
