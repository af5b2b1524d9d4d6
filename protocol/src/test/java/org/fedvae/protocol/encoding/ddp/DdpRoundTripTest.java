package org.fedvae.protocol.encoding.ddp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.encoding.VectorLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DdpRoundTripTest {

    private static final EncodingConfig TRAILER = new EncodingConfig(1f, 10, 1000, 50);

    /**
     * n participants' encodings summed mod 2^32 decode to the average of their clipped deltas, off
     * by the noise (sigma / n per coordinate: compared in norm, at 6 standard deviations) plus the
     * rounding (less than n per rotated coordinate, so sqrt(padded) n / scale in norm, over n).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void sumDecodesToTheAverageWithinTheNoise(long seed) {
        Random random = new Random(seed);
        int n = 2 + random.nextInt(20);
        int dimension = 50 + random.nextInt(3000);
        double clip = 0.5 + random.nextDouble();
        double sigma = 1e-3 * (1 + random.nextInt(100));
        DdpParameters params = DdpPlanner.plan(dimension, clip, sigma, Math.max(1, n / 2), n, 1e-4);
        byte[] seedBytes = RotationSeed.of(seed, new byte[32]);
        int[] sum = new int[VectorLayout.wordCount(params.paddedLength())];
        double[] expected = new double[dimension];
        RandomBits secret = DiscreteGaussianSamplerTest.seeded(seed);
        for (int u = 0; u < n; u++) {
            float[] delta = new float[dimension];
            double scaleUp = random.nextBoolean() ? 3 : 0.1;
            for (int i = 0; i < dimension; i++) {
                delta[i] = (float) (random.nextGaussian() * scaleUp * clip / Math.sqrt(dimension));
            }
            double[] clipped = new double[params.paddedLength()];
            DdpEncoder.clipInto(delta, clip, clipped);
            for (int i = 0; i < dimension; i++) {
                expected[i] += clipped[i] / n;
            }
            EncodedUpdate update = DdpEncoder.encode(delta, params, seedBytes, LocalEvaluation.NONE, TRAILER, secret);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += update.words()[i];
            }
        }
        float[] average = DdpDecoder.decodeAverage(sum, params, seedBytes);
        double error = 0;
        for (int i = 0; i < dimension; i++) {
            error += (average[i] - expected[i]) * (average[i] - expected[i]);
        }
        // Each survivor adds variance localVariance; n of them: n * localVariance per coordinate.
        double noiseNorm = Math.sqrt(params.paddedLength() * n * params.localVariance()) / params.scale() / n;
        double roundingNorm = Math.sqrt(params.paddedLength()) / params.scale();
        double bound = 1.5 * noiseNorm + roundingNorm + 1e-6 * clip;
        assertTrue(
                Math.sqrt(error) < bound,
                "seed " + seed + ": error " + Math.sqrt(error) + " above " + bound + " for " + params);
        assertTrue(Math.sqrt(error) > 0.5 * noiseNorm, "seed " + seed + ": the noise is missing: " + error);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    void roundedVectorsAlwaysMeetTheNormBound(long seed) {
        Random random = new Random(seed);
        int dimension = 100 + random.nextInt(2000);
        DdpParameters params = new DdpParameters(dimension, 64, 1.0, 20 + random.nextInt(50), 1.0, 1, 1);
        RandomBits secret = DiscreteGaussianSamplerTest.seeded(seed);
        for (int trial = 0; trial < 20; trial++) {
            float[] delta = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                delta[i] = (float) random.nextGaussian();
            }
            double[] x = new double[params.paddedLength()];
            DdpEncoder.clipInto(delta, params.clip(), x);
            long[] rounded = DdpEncoder.rotateScaleRound(x, params, new byte[] {1}, secret);
            BigInteger squares = BigInteger.ZERO;
            for (long q : rounded) {
                squares = squares.add(BigInteger.valueOf(q * q));
            }
            assertTrue(squares.compareTo(params.squaredBound()) <= 0, "seed " + seed + " trial " + trial);
        }
    }

    @Test
    void trailerCarriesWeightOneAndTheClipFlag() {
        DdpParameters params = DdpPlanner.plan(100, 1.0, 0.1, 2, 4, 1e-4);
        float[] delta = new float[100];
        delta[3] = 5;
        EncodedUpdate update = DdpEncoder.encode(
                delta, params, new byte[32], LocalEvaluation.NONE, TRAILER, DiscreteGaussianSamplerTest.seeded(1));
        assertEquals(VectorLayout.wordCount(params.paddedLength()), update.words().length);
        assertEquals(1, update.weight());
        assertEquals(1, update.clippedCount());
        int at = params.paddedLength();
        assertEquals(1, update.words()[at + VectorLayout.CLIP_LO]);
        assertEquals(0, update.words()[at + VectorLayout.CLIP_HI]);
    }

    @Test
    void refusesNonFiniteDeltasAndWrongLengths() {
        DdpParameters params = DdpPlanner.plan(10, 1.0, 0.1, 2, 4, 1e-4);
        RandomBits bits = DiscreteGaussianSamplerTest.seeded(1);
        float[] bad = new float[10];
        bad[2] = Float.NaN;
        assertThrows(
                IllegalArgumentException.class,
                () -> DdpEncoder.encode(bad, params, new byte[32], LocalEvaluation.NONE, TRAILER, bits));
        assertThrows(
                IllegalArgumentException.class,
                () -> DdpEncoder.encode(new float[11], params, new byte[32], LocalEvaluation.NONE, TRAILER, bits));
        assertThrows(
                IllegalArgumentException.class,
                () -> DdpDecoder.decodeAverage(
                        new int[VectorLayout.wordCount(params.paddedLength())], params, new byte[32]));
    }
}
