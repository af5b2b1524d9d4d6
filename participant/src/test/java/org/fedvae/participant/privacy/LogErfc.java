package org.fedvae.participant.privacy;

/** log(erfc(x)), for {@link AbsoluteValueSeries} (Java has no erfc). */
final class LogErfc {

    private static final double LOG_2 = Math.log(2);

    /**
     * Chebyshev coefficients of erfc (Press et al., Numerical Recipes, 3rd ed., section 6.2.2):
     * erfc(z) = t exp(-z^2 + sum), t = 2 / (2 + z), accurate to about 1.2e-16 relative for z >= 0,
     * and already in the form whose logarithm needs no exp: nothing underflows for large z.
     */
    private static final double[] ERFC_CHEBYSHEV = {
        -1.3026537197817094,
        6.4196979235649026e-1,
        1.9476473204185836e-2,
        -9.561514786808631e-3,
        -9.46595344482036e-4,
        3.66839497852761e-4,
        4.2523324806907e-5,
        -2.0278578112534e-5,
        -1.624290004647e-6,
        1.303655835580e-6,
        1.5626441722e-8,
        -8.5238095915e-8,
        6.529054439e-9,
        5.059343495e-9,
        -9.91364156e-10,
        -2.27365122e-10,
        9.6467911e-11,
        2.394038e-12,
        -6.886027e-12,
        8.94487e-13,
        3.13092e-13,
        -1.12708e-13,
        3.81e-16,
        7.106e-15,
        -1.523e-15,
        -9.4e-17,
        1.21e-16,
        -2.8e-17
    };

    private LogErfc() {}

    /** log(erfc(x)) for any finite x; finite even where erfc(x) underflows a double (x > 26). */
    static double of(double x) {
        if (x >= 0) {
            return logErfcNonNegative(x);
        }
        // erfc(x) = 2 - erfc(-x), between 1 and 2 here: no cancellation.
        return LOG_2 + Math.log1p(-Math.exp(logErfcNonNegative(-x)) / 2);
    }

    private static double logErfcNonNegative(double z) {
        double t = 2 / (2 + z);
        double ty = 4 * t - 2;
        double d = 0;
        double dd = 0;
        for (int j = ERFC_CHEBYSHEV.length - 1; j > 0; j--) {
            double previous = d;
            d = ty * d - dd + ERFC_CHEBYSHEV[j];
            dd = previous;
        }
        return Math.log(t) - z * z + 0.5 * (ERFC_CHEBYSHEV[0] + ty * d) - dd;
    }
}
