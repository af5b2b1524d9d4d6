package org.fedvae.protocol.secagg.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.stream.Stream;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HypergeometricTest {

    static Stream<PropertyCase> cases() {
        return PropertyCase.cases("hypergeometric", 60);
    }

    /** pmf against exact binomial coefficients; the quantiles against their definitions. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesExactArithmetic(PropertyCase c) {
        c.check(() -> {
            Draw d = c.draw();
            int total = d.between(1, 3_000);
            int marked = d.between(0, total);
            int sampled = d.between(0, Math.min(total, 300));
            Hypergeometric h = new Hypergeometric(total, marked, sampled);
            BigInteger all = choose(total, sampled);
            double sum = 0;
            for (int x = 0; x <= sampled; x++) {
                double exact = new java.math.BigDecimal(choose(marked, x).multiply(choose(total - marked, sampled - x)))
                        .divide(new java.math.BigDecimal(all), java.math.MathContext.DECIMAL64)
                        .doubleValue();
                assertEquals(exact, h.pmf(x), exact * 1e-9 + 1e-300, "pmf(" + x + ")");
                sum += h.pmf(x);
            }
            assertEquals(1.0, sum, 1e-9);
            double p = Math.pow(2, -d.between(1, 60));
            int upper = h.upperQuantile(p);
            assertTrue(h.survival(upper) < p);
            assertTrue(upper == 0 || h.survival(upper - 1) >= p, "not the smallest");
            int lower = h.lowerQuantile(p);
            assertTrue(lower == 0 || h.cdf(lower - 1) < p);
            assertTrue(lower == sampled || h.cdf(lower) >= p, "not the largest");
        });
    }

    private static BigInteger choose(int n, int k) {
        if (k < 0 || k > n) {
            return BigInteger.ZERO;
        }
        BigInteger r = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return r;
    }
}
