package org.fedvae.simulations.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BalancedGuessTest {

    @Test
    void countsTheMembersAmongTheTopHalf() {
        // Top two of {3 m, 2 n, 1 m, 0 n}: one member, one non-member called members: 2 of 4 calls right.
        assertEquals(0.5, BalancedGuess.accuracy(new double[] {3, 1}, new double[] {2, 0}, new Random(1)));
        assertEquals(1.0, BalancedGuess.accuracy(new double[] {3, 2}, new double[] {1, 0}, new Random(1)));
        assertEquals(0.0, BalancedGuess.accuracy(new double[] {1, 0}, new double[] {3, 2}, new Random(1)));
    }

    @Test
    void separatedScoresAreAlwaysRightAndReversedOnesAlwaysWrong() {
        double[] high = new double[300];
        double[] low = new double[300];
        for (int i = 0; i < 300; i++) {
            high[i] = 10 + i;
            low[i] = -i;
        }
        BalancedGuess.Result right = BalancedGuess.of(high, low, 100, 20, 7);
        assertEquals(1.0, right.meanAccuracy());
        assertEquals(0.0, right.stdAccuracy());
        assertEquals(0.0, BalancedGuess.of(low, high, 100, 20, 7).meanAccuracy());
    }

    @Test
    void tiesAreBrokenAtRandomSoConstantScoresGuess() {
        double[] same = new double[500];
        BalancedGuess.Result r = BalancedGuess.of(same, same, 100, 200, 11);
        // Each draw's accuracy has sd ~0.035 (hypergeometric); the mean of 200 is within 0.02 of 1/2.
        assertTrue(Math.abs(r.meanAccuracy() - 0.5) < 0.02, "seed 11: " + r);
        assertTrue(r.stdAccuracy() > 0, r.toString());
    }

    @Test
    void refusesDrawsLargerThanEitherSide() {
        assertThrows(
                IllegalArgumentException.class, () -> BalancedGuess.of(new double[50], new double[200], 100, 5, 1));
        assertThrows(
                IllegalArgumentException.class, () -> BalancedGuess.of(new double[200], new double[50], 100, 5, 1));
        assertThrows(
                IllegalArgumentException.class, () -> BalancedGuess.of(new double[200], new double[200], 100, 0, 1));
    }
}
