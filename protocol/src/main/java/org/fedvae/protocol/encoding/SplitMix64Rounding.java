package org.fedvae.protocol.encoding;

/**
 * SplitMix64 as a {@link RoundingSource}: the expansion of one 64-bit rounding seed into one
 * uniform double per coordinate. Rounding only has to be unbiased, not secret (the masks hide the
 * encoded value), and drawing hundreds of thousands of doubles from a SecureRandom would cost far
 * more than the whole masking step; the seed itself is the participant's secret, fresh each round.
 * Not thread-safe; used by one encode call.
 */
final class SplitMix64Rounding implements RoundingSource {

    private long state;

    SplitMix64Rounding(long seed) {
        this.state = seed;
    }

    private long nextLong64() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 53 bits of the next output times 2^-53. */
    @Override
    public double nextDouble() {
        return (nextLong64() >>> 11) * 0x1.0p-53;
    }
}
