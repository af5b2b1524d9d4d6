package org.fedvae.protocol.vectors;

import java.util.Random;

/**
 * The stochastic-rounding randomness this implementation's participant uses (SplitMix64 seeded
 * with one nextLong of its SecureRandom), written out again so that the vectors can show the
 * encoded words a participant submitted. Informative: rounding randomness is each participant's
 * own business and not part of the wire protocol.
 */
public final class SplitMix64 extends Random {

    private static final long serialVersionUID = 1L;

    private long state;

    public SplitMix64(long seed) {
        super(0L);
        this.state = seed;
    }

    public long nextRaw() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    protected int next(int bits) {
        return (int) (nextRaw() >>> (64 - bits));
    }

    /** Uniform in [0, 1): the top 53 bits times 2^-53. */
    @Override
    public double nextDouble() {
        return (nextRaw() >>> 11) * 0x1.0p-53;
    }
}
