package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private static final ReconnectPolicy P =
            new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofMinutes(1));

    @Test
    void delaysDoubleUpToTheCapWithinTheUpperHalfOfEachStep() {
        Random r = new Random(1);
        long[] caps = {100, 200, 400, 800, 1600, 3000, 3000, 3000};
        for (int failures = 1; failures <= caps.length; failures++) {
            long cap = caps[failures - 1];
            for (int i = 0; i < 200; i++) {
                long d = P.delay(failures, r).toMillis();
                assertTrue(
                        d >= cap / 2 && d <= cap,
                        "attempt " + failures + ": " + d + " ms outside [" + cap / 2 + ", " + cap + "]");
            }
        }
    }

    @Test
    void delaysAreJittered() {
        Random r = new Random(2);
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            distinct.add(P.delay(6, r).toMillis());
        }
        assertTrue(distinct.size() > 20, "hardly any jitter: " + distinct);
    }

    @Test
    void refusesNonsense() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), null));
    }
}
