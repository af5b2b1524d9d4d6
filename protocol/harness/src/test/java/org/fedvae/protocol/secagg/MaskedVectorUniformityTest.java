package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.proto.SecAggMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A single masked vector must look uniformly random: chi-square goodness of fit of its bytes,
 * and of the top byte of each word, against the uniform distribution. The same statistic on
 * the unmasked encoding (a control) must fail by far, which shows the test can tell.
 */
class MaskedVectorUniformityTest {

    private static final int PARAMS = (1 << 16) - 1;
    /** Wilson-Hilferty quantile of chi-square(255) at p = 1e-6 (z = 4.753): about 359. */
    private static final double CRITICAL_255 = wilsonHilferty(255, 4.753);

    private static int[] encoded;
    private static int[] masked;

    @BeforeAll
    static void maskOneRealisticUpdate() {
        Cohort c = Cohort.create(2024, 5, 3, 2, PARAMS).withoutInputs();
        int id = c.ids().get(0);
        float[] delta = new float[PARAMS];
        Random r = new Random(7);
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) (0.01 * r.nextGaussian());
        }
        encoded = UpdateEncoder.encode(delta, 60, c.config.encoding(), new Random(8))
                .words();
        c.participant(id).submitEncodedInput(encoded);
        for (int other : c.ids()) {
            if (other != id) {
                c.participant(other).submitEncodedInput(new int[c.config.wordCount()]);
            }
        }
        Harness h = new Harness(c).runUntilCoordinatorIn(SecAggStage.CONSISTENCY_CHECK);
        SecAggMessage m = h.upstream.stream()
                .filter(x -> x.hasMaskedInput() && x.getSenderId() == id)
                .findFirst()
                .orElseThrow();
        masked = WordCodec.unpack(m.getMaskedInput().getWordsLe());
    }

    @Test
    void everyByteOfTheMaskedVectorIsUniform() {
        double chi2 = chiSquare(allBytes(masked));
        assertTrue(chi2 < CRITICAL_255, "chi-square " + chi2 + " >= " + CRITICAL_255);
        assertTrue(
                chiSquare(allBytes(encoded)) > 100 * CRITICAL_255,
                "control: the encoding itself must look far from uniform");
    }

    @Test
    void theTopByteOfEachWordIsUniform() {
        double chi2 = chiSquare(topBytes(masked));
        assertTrue(chi2 < CRITICAL_255, "chi-square " + chi2 + " >= " + CRITICAL_255);
        assertTrue(
                chiSquare(topBytes(encoded)) > 100 * CRITICAL_255,
                "control: the encoding itself must look far from uniform");
    }

    private static long[] allBytes(int[] words) {
        long[] counts = new long[256];
        for (int w : words) {
            for (int shift = 0; shift < 32; shift += 8) {
                counts[(w >>> shift) & 0xFF]++;
            }
        }
        return counts;
    }

    private static long[] topBytes(int[] words) {
        long[] counts = new long[256];
        for (int w : words) {
            counts[w >>> 24]++;
        }
        return counts;
    }

    private static double chiSquare(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double expected = (double) total / counts.length;
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        return chi2;
    }

    /** Upper quantile of chi-square(df) for the standard normal quantile z. */
    private static double wilsonHilferty(int df, double z) {
        double a = 2.0 / (9.0 * df);
        return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }
}
