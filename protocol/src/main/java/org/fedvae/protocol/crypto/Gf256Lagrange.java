package org.fedvae.protocol.crypto;

/**
 * Lagrange interpolation at x = 0 over GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1, byte-wise: Shamir
 * reconstruction. Same result as Bouncy Castle's {@code ShamirSplitSecret} for the AES field (tested), but the
 * Lagrange coefficients are computed once per share set with log/antilog tables instead of per byte, which matters to
 * a coordinator reconstructing a thousand secrets from 50 to 80 shares each.
 */
final class Gf256Lagrange {

    private static final int[] EXP = new int[510];
    private static final int[] LOG = new int[256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            EXP[i + 255] = x;
            LOG[x] = i;
            // multiply by the generator 3: x * 2 xor x, reduced by the AES polynomial
            int doubled = (x << 1) ^ ((x & 0x80) != 0 ? 0x11B : 0);
            x = doubled ^ x;
        }
    }

    private Gf256Lagrange() {}

    /**
     * The secret: for each byte position, the polynomial through the points (xs[i], ys[i][pos]) at 0.
     *
     * @param xs distinct non-zero x coordinates (1..255), checked by the caller
     * @param ys one array per share, all {@code length} bytes
     */
    static byte[] atZero(int[] xs, byte[][] ys, int length) {
        int m = xs.length;
        int[] logCoefficient = new int[m];
        for (int i = 0; i < m; i++) {
            // L_i(0) = prod_{j != i} x_j / (x_i + x_j); in characteristic 2, minus is xor.
            int log = 0;
            for (int j = 0; j < m; j++) {
                if (j != i) {
                    log += LOG[xs[j]] - LOG[xs[i] ^ xs[j]];
                }
            }
            logCoefficient[i] = Math.floorMod(log, 255);
        }
        byte[] secret = new byte[length];
        for (int i = 0; i < m; i++) {
            byte[] y = ys[i];
            int lc = logCoefficient[i];
            for (int pos = 0; pos < length; pos++) {
                int v = y[pos] & 0xFF;
                if (v != 0) {
                    secret[pos] ^= (byte) EXP[LOG[v] + lc];
                }
            }
        }
        return secret;
    }
}
