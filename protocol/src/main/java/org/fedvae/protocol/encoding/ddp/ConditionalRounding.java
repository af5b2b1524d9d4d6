package org.fedvae.protocol.encoding.ddp;

import java.math.BigInteger;

/**
 * Conditional randomized rounding (Kairouz, Liu, Steinke 2021, section 4.1): round every coordinate
 * of the scaled vector up with probability equal to its fractional part, and start again while the
 * rounded vector's L2 norm exceeds {@link DdpParameters#roundedL2Bound()}. The bound holds with
 * probability at least 1 - beta for one try, so a handful of tries suffice; the privacy analysis
 * then rests on the bound, which the loop enforces exactly (integer arithmetic).
 */
final class ConditionalRounding {

    static final int MAX_TRIES = 1000;

    private ConditionalRounding() {}

    /**
     * @param scaled the rotated, scaled vector (each |value| < 2^30)
     * @param squaredBound the largest accepted squared norm (an integer)
     * @param bits rounding randomness (the participant's own)
     * @return the rounded vector
     * @throws IllegalStateException if {@value #MAX_TRIES} tries all exceed the bound (the
     *     parameters are inconsistent: the unrounded norm is too large)
     */
    static long[] round(double[] scaled, BigInteger squaredBound, RandomBits bits) {
        long[] rounded = new long[scaled.length];
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < scaled.length; i++) {
                double floor = Math.floor(scaled[i]);
                long q = (long) floor + (bits.nextDouble() < scaled[i] - floor ? 1 : 0);
                rounded[i] = q;
                long square = q * q; // |q| <= 2^30: below 2^62
                lo += square;
                if (Long.compareUnsigned(lo, square) < 0) {
                    hi++;
                }
            }
            BigInteger norm2 = BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
            if (norm2.compareTo(squaredBound) <= 0) {
                return rounded;
            }
        }
        throw new IllegalStateException("conditional rounding exceeded the norm bound " + MAX_TRIES + " times");
    }
}
