package org.fedvae.protocol.encoding.ddp;

import java.math.BigInteger;

/**
 * Bernoulli trials with exactly rational probabilities, from uniform integers only (no floating
 * point): Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for Differential Privacy",
 * Algorithm 1 for Bernoulli(exp(-gamma)).
 */
final class ExactBernoulli {

    private ExactBernoulli() {}

    /** True with probability num / den, for 0 <= num <= den, den >= 1. */
    static boolean bernoulli(BigInteger num, BigInteger den, RandomBits bits) {
        return bits.nextBelow(den).compareTo(num) < 0;
    }

    /** True with probability num / den (longs), for 0 <= num <= den, den >= 1. */
    static boolean bernoulli(long num, long den, RandomBits bits) {
        return bits.nextBelow(den) < num;
    }

    /** True with probability exp(-num / den), for num >= 0, den >= 1. */
    static boolean bernoulliExp(BigInteger num, BigInteger den, RandomBits bits) {
        if (num.signum() < 0 || den.signum() <= 0) {
            throw new IllegalArgumentException("need num >= 0 and den >= 1, got " + num + "/" + den);
        }
        BigInteger[] split = num.divideAndRemainder(den);
        // exp(-gamma) = exp(-1)^floor(gamma) * exp(-(gamma - floor(gamma))): independent trials.
        for (BigInteger i = BigInteger.ZERO; i.compareTo(split[0]) < 0; i = i.add(BigInteger.ONE)) {
            if (!bernoulliExpAtMostOne(BigInteger.ONE, BigInteger.ONE, bits)) {
                return false;
            }
        }
        return bernoulliExpAtMostOne(split[1], den, bits);
    }

    /**
     * exp(-gamma) for gamma = num / den in [0, 1]: draw A_k ~ Bernoulli(gamma / k) for k = 1, 2, ...
     * until one fails; the first failing k is odd with probability exp(-gamma).
     */
    private static boolean bernoulliExpAtMostOne(BigInteger num, BigInteger den, RandomBits bits) {
        long k = 1;
        while (bernoulli(num, den.multiply(BigInteger.valueOf(k)), bits)) {
            k++;
        }
        return (k & 1) == 1;
    }

    /** exp(-u / t) for integers 0 <= u < t: the discrete Laplace's first step, kept in longs. */
    static boolean bernoulliExp(long u, long t, RandomBits bits) {
        long k = 1;
        while (bernoulli(u, Math.multiplyExact(t, k), bits)) {
            k++;
        }
        return (k & 1) == 1;
    }
}
