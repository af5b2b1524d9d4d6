package org.fedvae.simulations.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.fedvae.participant.data.ImageSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionTest {

    /** Images whose single pixel value identifies them, so parts can be traced back. */
    static ImageSet tagged(int n, int classes) {
        float[] px = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = i;
            labels[i] = i % classes;
        }
        return ImageSet.of(px, labels, 1, 1);
    }

    private static Set<Integer> ids(ImageSet s) {
        Set<Integer> out = new HashSet<>();
        float[] one = new float[1];
        for (int i = 0; i < s.size(); i++) {
            s.copyImage(i, one, 0);
            out.add((int) one[0]);
        }
        return out;
    }

    /** One split to check; {@code seed} drives the partition's own Random, so the three fields reproduce it. */
    record Split(int index, int sites, int kind, long seed) {
        @Override
        public String toString() {
            return "#" + index + " sites=" + sites + " kind=" + kind + " seed=" + seed;
        }
    }

    /**
     * 40 splits, the same on every run: every spec at the edges of 1..30 sites with edge seeds (0, 1, -1, min, max long),
     * then uniformly random sites, spec and seed from a fixed master seed.
     */
    static Stream<Split> everyImageGoesToExactlyOneSite() {
        long[] edgeSeeds = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        List<Split> out = new ArrayList<>();
        for (int kind = 0; kind < 3; kind++) {
            out.add(new Split(out.size(), 1, kind, edgeSeeds[(2 * kind) % 5]));
            out.add(new Split(out.size(), 30, kind, edgeSeeds[(2 * kind + 1) % 5]));
            out.add(new Split(out.size(), 2, kind, edgeSeeds[(kind + 2) % 5]));
            out.add(new Split(out.size(), 29, kind, edgeSeeds[(kind + 4) % 5]));
        }
        SplittableRandom master = new SplittableRandom(0x5EED_0F_5175L);
        while (out.size() < 40) {
            out.add(new Split(out.size(), 1 + master.nextInt(30), master.nextInt(3), master.nextLong()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyImageGoesToExactlyOneSite(Split split) {
        int sites = split.sites();
        String spec = List.of("iid", "dirichlet:0.5", "shards:2").get(split.kind());
        ImageSet data = tagged(600, 10);
        List<ImageSet> parts = Partition.parse(spec).split(data, sites, new Random(split.seed()));
        assertEquals(sites, parts.size(), split::toString);
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (ImageSet p : parts) {
            assertTrue(p.size() > 0, () -> spec + " left a site empty, " + split);
            total += p.size();
            seen.addAll(ids(p));
        }
        assertEquals(600, total, split::toString);
        assertEquals(600, seen.size(), split::toString);
    }

    @Test
    void iidPartsDifferByAtMostOne() {
        List<ImageSet> parts = Partition.parse("iid").split(tagged(103, 10), 10, new Random(1));
        for (ImageSet p : parts) {
            assertTrue(p.size() == 10 || p.size() == 11);
        }
    }

    @Test
    void shardsGiveFewClassesPerSite() {
        ImageSet data = tagged(1000, 10);
        for (ImageSet p : Partition.parse("shards:2").split(data, 10, new Random(3))) {
            Set<Integer> labels = new HashSet<>();
            for (int i = 0; i < p.size(); i++) {
                labels.add(p.label(i));
            }
            assertTrue(labels.size() <= 2, "a site got " + labels.size() + " classes");
        }
    }

    @Test
    void smallAlphaSkewsLabels() {
        ImageSet data = tagged(5000, 10);
        double skewed = meanDominantShare(Partition.parse("dirichlet:0.1").split(data, 10, new Random(5)));
        double even = meanDominantShare(Partition.parse("dirichlet:1000").split(data, 10, new Random(5)));
        assertTrue(skewed > 0.5, "alpha 0.1: dominant class share " + skewed);
        assertTrue(even < 0.2, "alpha 1000: dominant class share " + even);
    }

    private static double meanDominantShare(List<ImageSet> parts) {
        double sum = 0;
        for (ImageSet p : parts) {
            int[] c = new int[10];
            for (int i = 0; i < p.size(); i++) {
                c[p.label(i)]++;
            }
            sum += (double) java.util.Arrays.stream(c).max().orElseThrow() / p.size();
        }
        return sum / parts.size();
    }

    @Test
    void seededSplitsAreReproducible() {
        ImageSet data = tagged(500, 10);
        List<ImageSet> a = Partition.parse("dirichlet:0.3").split(data, 7, new Random(9));
        List<ImageSet> b = Partition.parse("dirichlet:0.3").split(data, 7, new Random(9));
        for (int i = 0; i < 7; i++) {
            assertEquals(ids(a.get(i)), ids(b.get(i)));
        }
    }

    @Test
    void badSpecsAndUnlabelledDataAreClearErrors() {
        for (String bad : new String[] {"random", "dirichlet", "dirichlet:-1", "dirichlet:x", "shards:0", "iid:3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Partition.parse(bad));
            assertTrue(e.getMessage().startsWith("invalid partition '" + bad + "'"), e.getMessage());
        }
        ImageSet unlabelled = ImageSet.of(new float[10], new int[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> Partition.parse("shards:1")
                .split(unlabelled, 2, new Random()));
        assertThrows(
                IllegalArgumentException.class, () -> Partition.parse("iid").split(unlabelled, 11, new Random()));
    }
}
