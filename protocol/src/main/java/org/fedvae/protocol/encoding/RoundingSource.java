package org.fedvae.protocol.encoding;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The uniform draws that stochastic rounding consumes ({@link UpdateEncoder}): one per coordinate,
 * in coordinate order. A participant encodes with {@link #freshFrom}, which draws this round's
 * rounding seed from its own SecureRandom at that moment; the test vectors replay the same code
 * with {@link #splitMix64} and the seed their file lists.
 */
@FunctionalInterface
public interface RoundingSource {

    /** The next draw, uniform in [0, 1). */
    double nextDouble();

    /**
     * SplitMix64 seeded with {@code seed} (docs/PROTOCOL.md, section 10): state += 0x9E3779B97F4A7C15,
     * mixed with 0xBF58476D1CE4E5B9 and 0x94D049BB133111EB (shifts 30, 27, 31); each draw is the
     * top 53 bits of one output times 2^-53.
     */
    static RoundingSource splitMix64(long seed) {
        return new SplitMix64Rounding(seed);
    }

    /**
     * A participant's rounding randomness for one update: draws a fresh rounding seed now (one
     * {@code nextLong}) from the participant's own SecureRandom and expands it with
     * {@link #splitMix64}. Call it once per round, when the update is encoded.
     */
    static RoundingSource freshFrom(SecureRandom participantRandom) {
        return splitMix64(
                Objects.requireNonNull(participantRandom, "participantRandom").nextLong());
    }
}
