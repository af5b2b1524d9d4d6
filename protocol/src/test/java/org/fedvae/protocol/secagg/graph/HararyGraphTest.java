package org.fedvae.protocol.secagg.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HararyGraphTest {

    static Stream<PropertyCase> cases() {
        return PropertyCase.cases("harary-graph", 80);
    }

    /** k-regular, symmetric, loop-free, the k/2 ring neighbours on each side, and k-connected. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isTheHararyGraphOnItsRing(PropertyCase c) {
        c.check(() -> {
            Draw d = c.draw();
            int m = d.between(3, 300);
            int k = 2 * d.between(1, (m + 2) / 2);
            SplittableRandom r = new SplittableRandom(d.anyLong());
            int[] ids = r.ints(m * 4L, 1, Integer.MAX_VALUE)
                    .distinct()
                    .limit(m)
                    .sorted()
                    .toArray();
            int[] ring = GraphPermutation.shuffle(seed(r), ids);
            HararyGraph g = HararyGraph.onRing(k, ring);
            int expectedDegree = Math.min(k, m - 1);
            assertEquals(expectedDegree, g.degree());
            assertEquals(k >= m - 1, g.isComplete());
            for (int p = 0; p < m; p++) {
                int id = ring[p];
                int[] nb = g.neighbours(id);
                assertEquals(expectedDegree, Arrays.stream(nb).distinct().count(), "degree of " + id);
                assertFalse(Arrays.stream(nb).anyMatch(x -> x == id), "self loop");
                for (int v : nb) {
                    assertTrue(g.areNeighbours(v, id), "asymmetric " + id + " " + v);
                }
                if (!g.isComplete()) {
                    Set<Integer> expected = new HashSet<>();
                    for (int s = 1; s <= k / 2; s++) {
                        expected.add(ring[(p + s) % m]);
                        expected.add(ring[(p - s + m) % m]);
                    }
                    assertEquals(expected, toSet(nb));
                }
                int[] hood = g.neighbourhood(id);
                assertEquals(expectedDegree + 1, hood.length);
                assertTrue(Arrays.binarySearch(hood, id) >= 0);
            }
            // Removing any k - 1 members leaves the rest connected.
            Set<Integer> removed = new HashSet<>();
            while (removed.size() < Math.min(expectedDegree - 1, m - 2)) {
                removed.add(ring[r.nextInt(m)]);
            }
            assertTrue(connectedWithout(g, ring, removed), "disconnected by " + removed);
        });
    }

    @Test
    void aRunOfHalfTheDegreeOnEachSideIsNeededToDisconnect() {
        int[] ring = IntStream.rangeClosed(1, 20).toArray();
        HararyGraph g = HararyGraph.onRing(4, ring);
        // Two runs of k/2 = 2 consecutive members cut the ring into {4..9} and {12..20, 1}.
        assertFalse(connectedWithout(g, ring, Set.of(2, 3, 10, 11)));
        assertTrue(connectedWithout(g, ring, Set.of(2, 3, 10)));
        assertArrayEquals(new int[] {1, 2, 4, 5}, g.neighbours(3));
        assertArrayEquals(new int[] {1, 2, 3, 19, 20}, g.neighbourhood(1));
    }

    @Test
    void completeGraphNeighboursEveryone() {
        HararyGraph g = HararyGraph.complete(new int[] {3, 7, 9, 11});
        assertTrue(g.isComplete());
        assertArrayEquals(new int[] {3, 9, 11}, g.neighbours(7));
        assertTrue(g.areNeighbours(3, 11));
        assertFalse(g.areNeighbours(3, 3));
        assertFalse(g.areNeighbours(3, 4));
    }

    private static boolean connectedWithout(HararyGraph g, int[] ring, Set<Integer> removed) {
        int start = Arrays.stream(ring)
                .filter(x -> !removed.contains(x))
                .findFirst()
                .orElseThrow();
        Set<Integer> seen = new HashSet<>(Set.of(start));
        ArrayDeque<Integer> queue = new ArrayDeque<>(Set.of(start));
        while (!queue.isEmpty()) {
            for (int v : g.neighbours(queue.poll())) {
                if (!removed.contains(v) && seen.add(v)) {
                    queue.add(v);
                }
            }
        }
        return seen.size() == ring.length - removed.size();
    }

    private static Set<Integer> toSet(int[] a) {
        Set<Integer> s = new HashSet<>();
        for (int x : a) {
            s.add(x);
        }
        return s;
    }

    private static byte[] seed(SplittableRandom r) {
        byte[] s = new byte[32];
        r.nextBytes(s);
        return s;
    }
}
