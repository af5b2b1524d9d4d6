package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoundPolicyTest {

    private static RoundPolicy.Training training(int epochs, double lr, int batch, double beta) {
        return new RoundPolicy.Training(epochs, lr, batch, beta, 1);
    }

    static Stream<Arguments> invalid() {
        RoundPolicy ok = RoundPolicy.defaults(3, 3);
        return Stream.of(
                Arguments.of("rounds", (Supplier<RoundPolicy>) () -> ok.withRounds(0)),
                Arguments.of("minimum", (Supplier<RoundPolicy>) () -> RoundPolicy.defaults(1, 1)),
                Arguments.of("in a cohort of two each member learns the other's update", (Supplier<RoundPolicy>)
                        () -> RoundPolicy.defaults(1, 2)),
                Arguments.of(
                        "cohort size must be 0 (use the fraction) or in 3..1000 (the largest cohort, --max-cohort)",
                        (Supplier<RoundPolicy>) () -> ok.with(new RoundPolicy.Cohort(3, 1001, 1.0, 0, 1000))),
                Arguments.of("the largest cohort (--max-cohort) must be in 3..10000, got 10001", (Supplier<RoundPolicy>)
                        () -> ok.with(new RoundPolicy.Cohort(3, 0, 1.0, 0, 10_001))),
                Arguments.of("a threshold applies to cohorts of at most 255", (Supplier<RoundPolicy>)
                        () -> ok.with(new RoundPolicy.Cohort(3, 300, 1.0, 200))),
                Arguments.of(
                        "cohort fraction", (Supplier<RoundPolicy>) () -> ok.with(new RoundPolicy.Cohort(3, 0, 0, 0))),
                Arguments.of("local epochs", (Supplier<RoundPolicy>) () -> ok.with(training(0, 1e-3, 128, 1))),
                Arguments.of("learning rate", (Supplier<RoundPolicy>) () -> ok.with(training(1, Double.NaN, 128, 1))),
                Arguments.of("batch size", (Supplier<RoundPolicy>) () -> ok.with(training(1, 1e-3, 0, 1))),
                Arguments.of("KL weight", (Supplier<RoundPolicy>) () -> ok.with(training(1, 1e-3, 128, -1))),
                Arguments.of("key stage timeout", (Supplier<RoundPolicy>)
                        () -> ok.with(new RoundPolicy.Deadlines(Duration.ZERO, Duration.ofSeconds(1)))),
                Arguments.of("training timeout", (Supplier<RoundPolicy>)
                        () -> ok.with(new RoundPolicy.Deadlines(Duration.ofSeconds(1), Duration.ofDays(30)))),
                Arguments.of(
                        "clip range", (Supplier<RoundPolicy>) () -> ok.with(new RoundPolicy.EncodingLimits(0f, 10))),
                Arguments.of(
                        "weight cap", (Supplier<RoundPolicy>) () -> ok.with(new RoundPolicy.EncodingLimits(1f, 0))),
                Arguments.of("no fixed-point scale fits", (Supplier<RoundPolicy>)
                        () -> ok.with(new RoundPolicy.EncodingLimits(1f, 5_000_000))),
                Arguments.of(
                        "more than half", (Supplier<RoundPolicy>) () -> ok.with(new RoundPolicy.Cohort(3, 6, 1.0, 3))),
                Arguments.of("at most 5", (Supplier<RoundPolicy>) () -> ok.with(new RoundPolicy.Cohort(3, 5, 1.0, 6))),
                Arguments.of("needs a fixed cohort size", (Supplier<RoundPolicy>)
                        () -> ok.with(new RoundPolicy.Cohort(3, 0, 1.0, 3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusedWithAMessageNamingTheSetting(String setting, Supplier<RoundPolicy> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }

    @Test
    void aCohortAbove255IsAcceptedUpToTheLargestAndACohortSizeRaisesTheDefaultLargest() {
        assertEquals(1_000, new RoundPolicy.Cohort(3, 1_000, 1.0, 0).maxSize());
        assertEquals(255, RoundPolicy.Cohort.DEFAULT.maxSize());
        RoundPolicy big = RoundPolicy.defaults(1, 3).with(new RoundPolicy.Cohort(3, 0, 1.0, 0, 10_000));
        assertEquals(10_000, big.cohort().maxSize());
    }

    @Test
    void thresholdIsTheDefaultUnlessGivenAndARoundWaitsUntilItCanBeMet() {
        RoundPolicy.Cohort byDefault = RoundPolicy.defaults(1, 3).cohort();
        assertEquals(5, byDefault.thresholdFor(6)); // floor(2 * 6 / 3) + 1
        assertEquals(3, byDefault.neededToStart());
        RoundPolicy.Cohort given = new RoundPolicy.Cohort(3, 7, 1.0, 4);
        assertEquals(4, given.thresholdFor(7));
        assertEquals(4, given.neededToStart(), "a round of fewer than the threshold could never complete");
    }
}
