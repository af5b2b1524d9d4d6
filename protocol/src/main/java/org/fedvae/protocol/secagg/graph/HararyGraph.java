package org.fedvae.protocol.secagg.graph;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The Harary graph H(k, m) on a ring of m participants: each is joined to the k/2 members on either side of it, so the
 * graph is k-regular and k-connected (removing fewer than k members never splits it). A participant's
 * <b>neighbourhood</b> is its k neighbours and itself; it exchanges masks and shares only inside it. When k >= m - 1
 * every member neighbours every other: the complete graph of the original protocol.
 */
public final class HararyGraph {

    private final int degree;
    private final int[] ring;
    private final Map<Integer, Integer> position;

    private HararyGraph(int degree, int[] ring) {
        this.degree = degree;
        this.ring = ring;
        this.position = new HashMap<>(ring.length * 2);
        for (int p = 0; p < ring.length; p++) {
            if (position.put(ring[p], p) != null) {
                throw new IllegalArgumentException("participant " + ring[p] + " sits on the ring twice");
            }
        }
    }

    /** H(k, m) on {@code ring} (ids in ring order); a degree of m - 1 or more gives the complete graph. */
    public static HararyGraph onRing(int degree, int[] ring) {
        if (degree < 2 || degree % 2 != 0) {
            throw new IllegalArgumentException("a Harary graph degree is even and at least 2, got " + degree);
        }
        return new HararyGraph(Math.min(degree, ring.length - 1), ring.clone());
    }

    /** The complete graph on these members (ring order does not matter for it). */
    public static HararyGraph complete(int[] ids) {
        return new HararyGraph(Math.max(ids.length - 1, 0), ids.clone());
    }

    public boolean isComplete() {
        return degree >= ring.length - 1;
    }

    public int size() {
        return ring.length;
    }

    /** The number of neighbours of every member (m - 1 for the complete graph). */
    public int degree() {
        return degree;
    }

    public boolean contains(int id) {
        return position.containsKey(id);
    }

    public boolean areNeighbours(int a, int b) {
        if (a == b) {
            return false;
        }
        if (isComplete()) {
            return contains(a) && contains(b);
        }
        Integer pa = position.get(a);
        Integer pb = position.get(b);
        if (pa == null || pb == null) {
            return false;
        }
        int d = Math.abs(pa - pb);
        return Math.min(d, ring.length - d) <= degree / 2;
    }

    /** The neighbours of {@code id}, ascending, without itself. */
    public int[] neighbours(int id) {
        Integer p = position.get(id);
        if (p == null) {
            throw new IllegalArgumentException("participant " + id + " is not in the graph");
        }
        int[] out = new int[degree];
        if (isComplete()) {
            int i = 0;
            for (int other : ring) {
                if (other != id) {
                    out[i++] = other;
                }
            }
        } else {
            int m = ring.length;
            for (int step = 1; step <= degree / 2; step++) {
                out[2 * step - 2] = ring[(p + step) % m];
                out[2 * step - 1] = ring[(p - step + m) % m];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** The neighbourhood of {@code id}: its neighbours and itself, ascending. */
    public int[] neighbourhood(int id) {
        int[] n = neighbours(id);
        int[] out = Arrays.copyOf(n, n.length + 1);
        out[n.length] = id;
        Arrays.sort(out);
        return out;
    }
}
