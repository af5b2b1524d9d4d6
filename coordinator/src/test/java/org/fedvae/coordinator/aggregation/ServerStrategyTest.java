package org.fedvae.coordinator.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServerStrategyTest {

    @Test
    void fedAvgWithUnitRateLandsOnTheWeightedAverageOfLocalModels() {
        float[] global = {1f, 2f, 3f};
        float[][] local = {{2f, 2f, 2f}, {0f, 4f, 3f}};
        int[] weights = {3, 1};
        float[] delta = new float[3];
        for (int i = 0; i < 3; i++) {
            delta[i] = ((local[0][i] - global[i]) * weights[0] + (local[1][i] - global[i]) * weights[1]) / 4f;
        }
        Strategies.create("fedavg", null).apply(global, delta);
        assertArrayEquals(new float[] {1.5f, 2.5f, 2.25f}, global, 1e-6f);
    }

    @Test
    void momentumAccumulatesAcrossRounds() {
        ServerStrategy s = new FedAvgMomentum(1f, 0.5f);
        float[] g = {0f};
        s.apply(g, new float[] {1f}); // v = 1
        s.apply(g, new float[] {1f}); // v = 1.5
        assertEquals(2.5f, g[0], 1e-6f);
    }

    @Test
    void fedAdamFollowsReddiAlgorithmTwo() {
        FedAdam s = new FedAdam(0.1f, 0.9f, 0.99f, 1e-3f);
        float[] g = {0f, 0f};
        s.apply(g, new float[] {2f, -0.5f});
        // m = 0.1 d, v = 0.01 d^2, step = lr * 0.1 d / (0.1 |d| + tau)
        assertEquals(0.1f * 0.2f / (0.2f + 1e-3f), g[0], 1e-6f);
        assertEquals(-0.1f * 0.05f / (0.05f + 1e-3f), g[1], 1e-6f);
    }

    @Test
    void restoredStateContinuesIdentically() {
        for (String name : Strategies.NAMES) {
            ServerStrategy a = Strategies.create(name, null);
            Random r = new Random(1);
            float[] g = new float[50];
            float[] d = new float[50];
            for (int round = 0; round < 3; round++) {
                fill(r, d);
                a.apply(g, d);
            }
            ServerStrategy b = Strategies.create(name, null);
            b.restore(a.state());
            float[] g2 = g.clone();
            fill(r, d);
            a.apply(g, d);
            b.apply(g2, d);
            assertArrayEquals(g, g2, name);
        }
    }

    @Test
    void badInputIsRefusedClearly() {
        assertThrows(IllegalArgumentException.class, () -> Strategies.create("sgd", null));
        assertThrows(IllegalArgumentException.class, () -> new FedAvg(0f));
        assertThrows(IllegalArgumentException.class, () -> new FedAvgMomentum(1f, 1f));
        assertThrows(IllegalArgumentException.class, () -> new FedAdam(1f, 0.9f, 0.99f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new FedAvg(1f).apply(new float[2], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new FedAdam(1f, 0.9f, 0.99f, 1e-3f)
                .restore(Map.of("m", new float[1])));
        assertThrows(
                IllegalArgumentException.class, () -> new FedAvgMomentum(1f, 0.9f).restore(Map.of("m", new float[1])));
    }

    private static void fill(Random r, float[] d) {
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian() * 0.01f;
        }
    }
}
