package org.fedvae.protocol.secagg;

import java.util.Random;

/**
 * The randomness for stochastic rounding of one update: SplitMix64, seeded per round from the
 * participant's SecureRandom. Rounding only has to be unbiased, not secret (the masks hide the
 * encoded value), and drawing hundreds of thousands of doubles from a SecureRandom would cost
 * far more than the whole masking step. Not thread-safe; used by one encode call.
 */
final class RoundingRandom extends Random {

    private static final long serialVersionUID = 1L;

    private long state;

    RoundingRandom(long seed) {
        super(0L); // the no-argument constructor would read the clock; this seed is never used
        this.state = seed;
    }

    private long nextLong64() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    protected int next(int bits) {
        return (int) (nextLong64() >>> (64 - bits));
    }

    @Override
    public double nextDouble() {
        return (nextLong64() >>> 11) * 0x1.0p-53;
    }
}
