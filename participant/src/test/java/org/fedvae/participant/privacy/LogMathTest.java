package org.fedvae.participant.privacy;

import static org.fedvae.participant.privacy.PublishedValuesTest.assertRelativelyClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogMathTest {

    /** Reference: log(2) + scipy.special.log_ndtr(-x sqrt 2), accurate in the far tail too. */
    @ParameterizedTest(name = "log erfc({0})")
    @CsvSource({
        "-5.0, 0.6931471805591766",
        "-1.0, 0.6112323176780705",
        "0.5, -0.7350111298370848",
        "3.0, -10.720363041981116",
        "10.0, -102.87988902484493",
        "30.0, -903.9741171106442",
        "100.0, -10005.177585122668"
    })
    void logErfcMatchesScipy(double x, double expected) {
        assertRelativelyClose(expected, LogErfc.of(x), 1e-14, "log erfc(" + x + ")");
    }

    @Test
    void logErfcOfZeroIsZero() {
        assertEquals(0, LogErfc.of(0), 1e-15);
    }

    @RepeatedTest(20)
    void logAddAddsInLinearSpace(RepetitionInfo repetition) {
        long seed = 7_000 + repetition.getCurrentRepetition();
        Random random = Seeds.random(seed);
        double x = random.nextDouble() * 20 - 10;
        double y = random.nextDouble() * 20 - 10;
        assertEquals(Math.log(Math.exp(x) + Math.exp(y)), LogMath.logAdd(x, y), 1e-12, "seed " + seed);
        assertEquals(x, LogMath.logAdd(x, Double.NEGATIVE_INFINITY), 0, "seed " + seed);
        assertEquals(
                LogMath.logAdd(x, y) + 1000, LogMath.logAdd(x + 1000, y + 1000), 1e-9, "no overflow, seed " + seed);
    }
}
