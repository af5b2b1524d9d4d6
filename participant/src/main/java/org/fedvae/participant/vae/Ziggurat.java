package org.fedvae.participant.vae;

/**
 * Standard normal values by the ziggurat method (Marsaglia and Tsang 2000), 256 layers: 98.5% of
 * the values take one 64-bit word, a table look-up and a comparison (no logarithm, no root).
 *
 * <p>Why it is exact: the half-density f(x) = exp(-x^2/2) on x >= 0 is covered by 256 layers of
 * equal area V: a base strip [0, X[0]) x [0, f(R)) whose part beyond R stands in for the tail, and
 * rectangles [0, X[i]) x [f(X[i]), f(X[i+1])). Picking a layer uniformly, then x uniformly
 * across it and y uniformly up it, gives a point uniform over the union; keeping only points
 * under f and restarting from a fresh layer otherwise (rejection sampling) leaves x with density
 * proportional to f. Points with x < X[i+1] lie under f whatever y is, so they need no y (the
 * fast path); the wedges test y < f(x) exactly; a point beyond R in the base strip is replaced
 * by an exact draw from the tail (Marsaglia 1964), which has exactly that strip part's mass.
 * The only approximations are the doubles: the layer areas agree to about 1e-13 relatively
 * (checked by the tests), and x is a multiple of X[i] / 2^53, far finer than the float noise.
 *
 * <p>The word's bits are used once each: bits 0-7 pick the layer, bit 8 the sign, bits 11-63
 * the position across it, so layer, sign and x are independent (unlike Marsaglia and Tsang's
 * 32-bit version, whose layer index and x shared bits).
 */
final class Ziggurat {

    static final int LAYERS = 256;
    /** Right edge of the base strip's rectangle part: where the tail starts. */
    static final double R = 3.6541528853610088;
    /** Each layer's area: R f(R) + sqrt(pi/2) erfc(R / sqrt 2), the strip plus the tail. */
    static final double V = 0.004928673233974658;

    /** X[0] = V / f(R) (the strip's width, tail included), X[1] = R, ..., X[256] = 0. */
    private static final double[] X = new double[LAYERS + 1];
    /** F[i] = f(X[i]). */
    private static final double[] F = new double[LAYERS + 1];
    /** X[i] / 2^53, so x = (53 bits) * SCALED[i]. */
    private static final double[] SCALED = new double[LAYERS];

    static {
        X[0] = V / f(R);
        X[1] = R;
        for (int i = 1; i < LAYERS - 1; i++) { // layer i has area V: X[i] (f(X[i+1]) - f(X[i])) = V
            X[i + 1] = Math.sqrt(-2 * Math.log(V / X[i] + f(X[i])));
        }
        X[LAYERS] = 0;
        for (int i = 0; i <= LAYERS; i++) {
            F[i] = f(X[i]);
        }
        for (int i = 0; i < LAYERS; i++) {
            SCALED[i] = X[i] * 0x1.0p-53;
        }
    }

    private Ziggurat() {}

    /** One standard normal value from {@code source}'s words. */
    static double sample(SecureGaussian source) {
        while (true) {
            long word = source.nextLong();
            double x = fast(word);
            if (Double.isNaN(x)) {
                x = offFastPath(word, source);
            }
            if (!Double.isNaN(x)) {
                return x;
            } // else a wedge point above f: start again with a fresh word
        }
    }

    /** The value for a word whose point lies in its layer's inner rectangle; NaN if it does not. */
    static double fast(long word) {
        int layer = (int) word & 0xFF;
        double x = (word >>> 11) * SCALED[layer];
        return x < X[layer + 1] ? signed(word, x) : Double.NaN;
    }

    /**
     * The value for a word {@link #fast} turned down, drawing more words from {@code source}:
     * from the tail for the base strip, else from the wedge if the point lies under f; NaN if
     * it does not, and the caller starts again from a fresh word.
     */
    static double offFastPath(long word, SecureGaussian source) {
        int layer = (int) word & 0xFF;
        double x = (word >>> 11) * SCALED[layer];
        if (layer == 0) {
            x = tail(source);
        } else if (!inWedge(layer, x, source)) {
            return Double.NaN;
        }
        return signed(word, x);
    }

    /**
     * x with the sign of the word's bit 8, moved into the sign bit: a branch on a random bit
     * would be mispredicted half the time, which cost more than the rest of the fast path.
     */
    private static double signed(long word, double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ ((word & 0x100) << 55));
    }

    /** Whether a point at x, uniform in height over layer i's wedge, lies under f. */
    private static boolean inWedge(int layer, double x, SecureGaussian source) {
        double y = F[layer] + unit(source.nextLong()) * (F[layer + 1] - F[layer]);
        return y < f(x);
    }

    /** R + t with t from the normal's tail beyond R: t ~ Exp(R) accepted with prob. exp(-t^2/2). */
    private static double tail(SecureGaussian source) {
        double t;
        double e;
        do {
            t = -Math.log(openUnit(source.nextLong())) / R;
            e = -Math.log(openUnit(source.nextLong()));
        } while (2 * e < t * t);
        return R + t;
    }

    private static double f(double x) {
        return Math.exp(-0.5 * x * x);
    }

    /** In [0, 1). */
    private static double unit(long word) {
        return (word >>> 11) * 0x1.0p-53;
    }

    /** In (0, 1], so its logarithm is finite. */
    private static double openUnit(long word) {
        return ((word >>> 11) + 1) * 0x1.0p-53;
    }

    /** Layer i's area, 1 <= i < 256 (the top one reaches f(0) = 1), for the tests. */
    static double layerArea(int layer) {
        return X[layer] * (F[layer + 1] - F[layer]);
    }
}
