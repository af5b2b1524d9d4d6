package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.fedvae.participant.data.ImageSet;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void shardsAreDisjointAndCoverEverything() {
        int count = 23;
        float[] pixels = new float[count * 4];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i;
        }
        ImageSet all = ImageSet.of(pixels, labels, 2, 2);
        Set<Integer> seen = new HashSet<>();
        for (int i = 1; i <= 5; i++) {
            ImageSet part = Shard.parse(i + "/5").of(all);
            for (int k = 0; k < part.size(); k++) {
                assertTrue(seen.add(part.label(k)), "image " + part.label(k) + " in two shards");
            }
        }
        assertEquals(count, seen.size());
        assertEquals(0, new Shard(30, 30).of(all).size());
    }

    @Test
    void badShardsAreRefused() {
        for (String bad : new String[] {"0/3", "4/3", "1", "a/b", "1/0", "1/2/3"}) {
            assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
        }
    }
}
