package org.fedvae.protocol.vectors;

import java.util.List;

/**
 * GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (0x11B), written from the
 * specification to compute Shamir shares and reconstructions independently of Bouncy Castle.
 */
public final class Gf256 {

    private Gf256() {}

    public static int mul(int a, int b) {
        int p = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & 1) != 0) {
                p ^= a;
            }
            boolean hi = (a & 0x80) != 0;
            a = (a << 1) & 0xff;
            if (hi) {
                a ^= 0x1b;
            }
            b >>= 1;
        }
        return p;
    }

    /** a^-1 as a^254; a must be non-zero. */
    public static int inv(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        int r = 1;
        for (int i = 0; i < 254; i++) {
            r = mul(r, a);
        }
        return r;
    }

    /**
     * Share bytes at x: byte j is secret[j] + sum over k of coefficients[k-1][j] * x^k, k = 1..t-1
     * (addition is XOR).
     */
    public static byte[] evaluate(byte[] secret, List<byte[]> coefficients, int x) {
        byte[] out = new byte[secret.length];
        for (int j = 0; j < secret.length; j++) {
            int acc = secret[j] & 0xff;
            int power = 1;
            for (byte[] row : coefficients) {
                power = mul(power, x);
                acc ^= mul(row[j] & 0xff, power);
            }
            out[j] = (byte) acc;
        }
        return out;
    }

    /** Lagrange interpolation at x = 0 over shares (xs[i], ys[i]). */
    public static byte[] interpolateAtZero(int[] xs, List<byte[]> ys) {
        int length = ys.get(0).length;
        byte[] out = new byte[length];
        for (int i = 0; i < xs.length; i++) {
            // l_i(0) = prod over m != i of x_m / (x_m - x_i); subtraction is XOR.
            int li = 1;
            for (int m = 0; m < xs.length; m++) {
                if (m != i) {
                    li = mul(li, mul(xs[m], inv(xs[m] ^ xs[i])));
                }
            }
            for (int j = 0; j < length; j++) {
                out[j] ^= (byte) mul(ys.get(i)[j] & 0xff, li);
            }
        }
        return out;
    }
}
