package org.fedvae.protocol.secagg.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GraphPermutationTest {

    static Stream<PropertyCase> cases() {
        return PropertyCase.cases("graph-permutation", 40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isADeterministicPermutationOfTheMembers(PropertyCase c) {
        c.check(() -> {
            Draw d = c.draw();
            int m = d.between(1, 2_000);
            SplittableRandom r = new SplittableRandom(d.anyLong());
            int[] ids = r.ints(m * 4L, 1, Integer.MAX_VALUE)
                    .distinct()
                    .limit(m)
                    .sorted()
                    .toArray();
            byte[] seed = new byte[32];
            r.nextBytes(seed);
            int[] ring = GraphPermutation.shuffle(seed, ids);
            assertArrayEquals(ids, Arrays.stream(ring).sorted().toArray());
            assertArrayEquals(ring, GraphPermutation.shuffle(seed, ids), "not deterministic");
            if (m >= 20) {
                seed[d.between(0, 31)] ^= 1;
                assertFalse(Arrays.equals(ring, GraphPermutation.shuffle(seed, ids)), "ignores the seed");
            }
        });
    }

    /** All 24 orders of 4 members, equally often over 4,800 fixed seeds (chi-square, 23 df, p about 1e-6). */
    @Test
    void everyOrderIsEquallyLikely() {
        int[] ids = {1, 2, 3, 4};
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4_800; i++) {
            byte[] sessionId = new byte[32];
            sessionId[0] = (byte) i;
            sessionId[1] = (byte) (i >> 8);
            counts.merge(
                    Arrays.toString(GraphPermutation.shuffle(GraphPermutation.seed(sessionId), ids)), 1, Integer::sum);
        }
        assertEquals(24, counts.size());
        double chi2 = counts.values().stream()
                .mapToDouble(n -> (n - 200.0) * (n - 200.0) / 200.0)
                .sum();
        assertTrue(chi2 < 65, "chi-square " + chi2 + " over " + counts);
    }

    /** Known answer, computed independently (Python, AES-CTR): the session id of 32 zero bytes, members 1..10. */
    @Test
    void knownAnswer() {
        byte[] seed = GraphPermutation.seed(new byte[32]);
        assertEquals(
                "dbb97c8350fa71e5536cc6392d4a1548ceb6aa132645a2366dbb189e576ff785",
                HexFormat.of().formatHex(seed));
        assertArrayEquals(
                new int[] {7, 6, 8, 3, 2, 10, 4, 5, 1, 9},
                GraphPermutation.shuffle(seed, IntStream.rangeClosed(1, 10).toArray()));
    }
}
