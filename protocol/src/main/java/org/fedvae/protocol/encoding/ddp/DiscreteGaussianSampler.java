package org.fedvae.protocol.encoding.ddp;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The exact sampler of the discrete Gaussian N_Z(0, sigma^2) (P[x] proportional to
 * exp(-x^2 / (2 sigma^2)) on the integers) of Canonne, Kamath and Steinke 2020, Algorithms 2 and 3:
 * a discrete Laplace proposal of scale t = floor(sigma) + 1, accepted with probability
 * exp(-(|y| - sigma^2/t)^2 / (2 sigma^2)). Every probability is an exact rational and every draw a
 * uniform integer, so the output has exactly the discrete Gaussian's distribution (no floating point
 * exp, whose rounding would leak through the tails).
 *
 * <p>sigma^2 is the double given, read exactly as a rational m * 2^e.
 */
public final class DiscreteGaussianSampler {

    private final BigInteger num;
    private final BigInteger den;
    private final long t;
    private final BigInteger tBig;
    /** 2 * num * den * t^2: the acceptance exponent's denominator. */
    private final BigInteger acceptDen;

    private final RandomBits bits;

    /**
     * @param variance sigma^2: positive, finite, at most 2^100 (far beyond any encoding's range)
     * @param bits the randomness; cryptographically strong in production
     */
    public DiscreteGaussianSampler(double variance, RandomBits bits) {
        if (!(variance > 0 && variance <= 0x1p100)) {
            throw new IllegalArgumentException("variance must be in (0, 2^100], got " + variance);
        }
        BigDecimal exact = new BigDecimal(variance);
        BigInteger unscaled = exact.unscaledValue();
        int scale = exact.scale();
        BigInteger n = scale <= 0 ? unscaled.multiply(BigInteger.TEN.pow(-scale)) : unscaled;
        BigInteger d = scale <= 0 ? BigInteger.ONE : BigInteger.TEN.pow(scale);
        BigInteger g = n.gcd(d);
        this.num = n.divide(g);
        this.den = d.divide(g);
        this.t = num.divide(den).sqrt().longValueExact() + 1;
        this.tBig = BigInteger.valueOf(t);
        this.acceptDen =
                BigInteger.TWO.multiply(num).multiply(den).multiply(tBig).multiply(tBig);
        this.bits = bits;
    }

    /** The proposal's scale t = floor(sigma) + 1. */
    long laplaceScale() {
        return t;
    }

    /** One draw of N_Z(0, sigma^2). */
    public long next() {
        while (true) {
            long y = discreteLaplace();
            // (|y| - sigma^2/t)^2 / (2 sigma^2) = (|y| t den - num)^2 / (2 num den t^2)
            BigInteger gap =
                    BigInteger.valueOf(Math.abs(y)).multiply(tBig).multiply(den).subtract(num);
            if (ExactBernoulli.bernoulliExp(gap.multiply(gap), acceptDen, bits)) {
                return y;
            }
        }
    }

    /** Fills {@code out} with independent draws. */
    public void fill(long[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = next();
        }
    }

    /** The discrete Laplace of scale t, P[x] proportional to exp(-|x| / t) (CKS Algorithm 2). */
    private long discreteLaplace() {
        while (true) {
            long u = bits.nextBelow(t);
            if (!ExactBernoulli.bernoulliExp(u, t, bits)) {
                continue;
            }
            long v = 0;
            while (ExactBernoulli.bernoulliExp(1, 1, bits)) {
                v++;
            }
            long x = u + t * v;
            boolean negative = bits.nextBit();
            if (negative && x == 0) {
                continue;
            }
            return negative ? -x : x;
        }
    }
}
