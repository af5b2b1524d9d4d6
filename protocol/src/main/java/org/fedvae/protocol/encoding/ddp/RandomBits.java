package org.fedvae.protocol.encoding.ddp;

import java.math.BigInteger;

/**
 * Uniform random bits, the only randomness the distributed-DP encoding consumes. Production
 * streams are cryptographically strong ({@link AesCtrBits}): the privacy of the noise assumes
 * nobody can predict it.
 */
public interface RandomBits {

    /** 64 uniform bits. */
    long nextLong();

    /** Uniform in [0, bound) for bound >= 1, by rejection (no modulo bias). */
    default long nextBelow(long bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1, got " + bound);
        }
        long mask = -1L >>> Long.numberOfLeadingZeros(bound - 1 | 1);
        while (true) {
            long candidate = nextLong() & mask;
            if (candidate < bound) {
                return candidate;
            }
        }
    }

    /** Uniform in [0, bound) for bound >= 1, by rejection on bound's bit length. */
    default BigInteger nextBelow(BigInteger bound) {
        if (bound.signum() <= 0) {
            throw new IllegalArgumentException("bound must be at least 1, got " + bound);
        }
        if (bound.bitLength() < Long.SIZE - 1) {
            return BigInteger.valueOf(nextBelow(bound.longValueExact()));
        }
        int bits = bound.bitLength();
        while (true) {
            BigInteger candidate = BigInteger.ZERO;
            int remaining = bits;
            while (remaining > 0) {
                int take = Math.min(remaining, Long.SIZE - 1);
                candidate = candidate.shiftLeft(take).or(BigInteger.valueOf(nextLong() >>> (Long.SIZE - take)));
                remaining -= take;
            }
            if (candidate.compareTo(bound) < 0) {
                return candidate;
            }
        }
    }

    /** One fair bit. */
    default boolean nextBit() {
        return nextLong() < 0;
    }

    /** Uniform in [0, 1) with 53 bits: for rounding only, never for noise. */
    default double nextDouble() {
        return (nextLong() >>> 11) * 0x1p-53;
    }
}
