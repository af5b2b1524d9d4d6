package org.fedvae.participant.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BundledMnistTest {

    @Test
    void bundledMnistLoadsAndVerifies() throws Exception {
        LocalData mnist = Datasets.load("mnist");
        assertEquals(60_000, mnist.train().size());
        assertEquals(10_000, mnist.test().size());
        assertEquals(28, mnist.train().width());
        int[] counts = new int[10];
        float[] px = new float[784];
        float max = 0;
        for (int i = 0; i < mnist.test().size(); i++) {
            counts[mnist.test().label(i)]++;
            mnist.test().copyImage(i, px, 0);
            for (float v : px) {
                assertTrue(v >= 0f && v <= 1f);
                max = Math.max(max, v);
            }
        }
        assertEquals(1f, max);
        assertEquals(980, counts[0]); // the published test-set class counts
        assertEquals(1135, counts[1]);
        assertEquals(1009, counts[9]);
    }
}
