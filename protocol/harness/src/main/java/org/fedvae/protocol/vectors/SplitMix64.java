package org.fedvae.protocol.vectors;

import org.fedvae.protocol.encoding.RoundingSource;

/**
 * SplitMix64 as docs/PROTOCOL.md (section 10) spells it, written out again independently of the
 * encoder's own so that the generator checks the encoded words a participant submitted against
 * the spec rather than against the code under test. Rounding randomness is each participant's
 * own business in production; only the vectors fix this generator.
 */
public final class SplitMix64 implements RoundingSource {

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextRaw() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1): the top 53 bits times 2^-53. */
    @Override
    public double nextDouble() {
        return (nextRaw() >>> 11) * 0x1.0p-53;
    }
}
