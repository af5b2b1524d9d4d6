package org.fedvae.protocol.encoding.ddp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HadamardRotationTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void inverseUndoesRotationAndNormIsKept(long seed) {
        Random random = new Random(seed);
        int block = 1 << random.nextInt(11);
        int length = block * (1 + random.nextInt(5));
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextGaussian();
        }
        double[] y = x.clone();
        byte[] signs = HadamardRotation.signs(new byte[] {(byte) seed}, length);
        HadamardRotation.rotate(y, signs, block);
        assertEquals(norm(x), norm(y), 1e-9 * norm(x), "seed " + seed);
        HadamardRotation.inverse(y, signs, block);
        for (int i = 0; i < length; i++) {
            assertEquals(x[i], y[i], 1e-9, "seed " + seed + " at " + i);
        }
    }

    @Test
    void spreadsAUnitVectorOverItsBlock() {
        int block = 1024;
        double[] x = new double[2 * block];
        x[5] = 1;
        HadamardRotation.rotate(x, HadamardRotation.signs(new byte[] {1}, x.length), block);
        for (int i = 0; i < block; i++) {
            assertEquals(1 / Math.sqrt(block), Math.abs(x[i]), 1e-12);
        }
        for (int i = block; i < 2 * block; i++) {
            assertEquals(0, x[i]);
        }
    }

    @Test
    void signsAreBalancedAndFollowTheSeed() {
        byte[] a = HadamardRotation.signs(new byte[] {7}, 100_000);
        byte[] b = HadamardRotation.signs(new byte[] {7}, 100_000);
        byte[] c = HadamardRotation.signs(new byte[] {8}, 100_000);
        int sum = 0;
        int differ = 0;
        for (int i = 0; i < a.length; i++) {
            assertTrue(a[i] == 1 || a[i] == -1);
            assertEquals(a[i], b[i]);
            sum += a[i];
            differ += a[i] != c[i] ? 1 : 0;
        }
        assertTrue(Math.abs(sum) < 2000, "sum of signs " + sum);
        assertTrue(Math.abs(differ - 50_000) < 2000, "differences " + differ);
    }

    @Test
    void refusesShapesThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> HadamardRotation.rotate(new double[6], new byte[6], 4));
        assertThrows(IllegalArgumentException.class, () -> HadamardRotation.rotate(new double[6], new byte[6], 3));
        assertThrows(IllegalArgumentException.class, () -> HadamardRotation.rotate(new double[8], new byte[4], 4));
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
