package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoundPolicyTest {

    static Stream<Arguments> invalid() {
        RoundPolicy ok = RoundPolicy.defaults(3, 2);
        return Stream.of(
                Arguments.of("rounds", (Supplier<RoundPolicy>) () -> ok.withRounds(0)),
                Arguments.of("minimum", (Supplier<RoundPolicy>) () -> RoundPolicy.defaults(1, 1)),
                Arguments.of("cohort size", (Supplier<RoundPolicy>) () -> ok.withCohort(300, 1.0)),
                Arguments.of("cohort fraction", (Supplier<RoundPolicy>) () -> ok.withCohort(0, 0)),
                Arguments.of("local epochs", (Supplier<RoundPolicy>) () -> ok.withTraining(0, 1e-3, 128, 1)),
                Arguments.of("learning rate", (Supplier<RoundPolicy>) () -> ok.withTraining(1, Double.NaN, 128, 1)),
                Arguments.of("batch size", (Supplier<RoundPolicy>) () -> ok.withTraining(1, 1e-3, 0, 1)),
                Arguments.of("KL weight", (Supplier<RoundPolicy>) () -> ok.withTraining(1, 1e-3, 128, -1)),
                Arguments.of("key stage timeout", (Supplier<RoundPolicy>) () -> ok.withTimeouts(Duration.ZERO, Duration.ofSeconds(1))),
                Arguments.of("training timeout", (Supplier<RoundPolicy>) () -> ok.withTimeouts(Duration.ofSeconds(1), Duration.ofDays(30))),
                Arguments.of("clip range", (Supplier<RoundPolicy>) () -> ok.withEncoding(0f, 10)),
                Arguments.of("weight cap", (Supplier<RoundPolicy>) () -> ok.withEncoding(1f, 0)),
                Arguments.of("no fixed-point scale fits", (Supplier<RoundPolicy>) () -> ok.withEncoding(1f, 5_000_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusedWithAMessageNamingTheSetting(String setting, Supplier<RoundPolicy> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
