package org.fedvae.protocol.random;

/**
 * The one way this code base derives a seed from other seeds and counters (a run's seed and a
 * round, a site, an epoch): SplitMix64's finaliser applied after each part, so distinct inputs
 * give unrelated seeds and the order of the parts matters. For reproducible simulations and
 * tests only; nothing secret is ever derived this way.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    public static long mix(long first, long... more) {
        long z = finalise(first);
        for (long part : more) {
            z = finalise(z * GOLDEN_GAMMA + part);
        }
        return z;
    }

    private static long finalise(long x) {
        long z = x;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
