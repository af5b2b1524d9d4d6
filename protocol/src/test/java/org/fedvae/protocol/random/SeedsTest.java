package org.fedvae.protocol.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void theFinaliserIsSplitMix64s() {
        // SplitMix64 seeded with 0 first outputs mix(0x9E3779B97F4A7C15): 0xE220A8397B1DCDAF (Vigna's reference).
        assertEquals(0xE220A8397B1DCDAFL, Seeds.mix(0x9E3779B97F4A7C15L));
    }

    @Test
    void neighbouringInputsGiveDistinctSeedsAndOrderMatters() {
        Set<Long> seen = new HashSet<>();
        for (long run = 0; run < 50; run++) {
            for (long round = 0; round < 50; round++) {
                for (long site = 0; site < 20; site++) {
                    seen.add(Seeds.mix(run, round, site));
                }
            }
        }
        assertEquals(50 * 50 * 20, seen.size());
        assertNotEquals(Seeds.mix(1, 2), Seeds.mix(2, 1));
        assertNotEquals(Seeds.mix(1, 2), Seeds.mix(1, 2, 0));
    }
}
