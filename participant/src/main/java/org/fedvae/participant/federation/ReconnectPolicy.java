package org.fedvae.participant.federation;

import java.time.Duration;
import java.util.Random;

/**
 * When to try again after the connection to the coordinator failed or dropped: exponential
 * backoff from {@code initialDelay}, doubling up to {@code maxDelay}, each delay drawn uniformly
 * from its upper half (jitter, so a hundred sites cut off at once do not all knock again in the
 * same millisecond), and giving up after {@code giveUpAfter} without a successful connection.
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, Duration giveUpAfter) {

    public static final ReconnectPolicy DEFAULTS =
            new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(30));

    public ReconnectPolicy {
        if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initial delay must be positive, got " + initialDelay);
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("max delay must be at least the initial delay, got " + maxDelay);
        }
        if (giveUpAfter == null || giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("give-up time must be positive, got " + giveUpAfter);
        }
    }

    /** The delay before attempt {@code failures} + 1, after {@code failures} >= 1 failed ones in a row. */
    public Duration delay(int failures, Random random) {
        long max = maxDelay.toMillis();
        long cap = initialDelay.toMillis();
        for (int i = 1; i < failures && cap < max; i++) {
            cap *= 2;
        }
        cap = Math.min(cap, max);
        long half = cap / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (cap - half + 1)));
    }
}
