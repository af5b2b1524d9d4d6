package org.fedvae.protocol.secagg;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.fedvae.protocol.secagg.graph.GraphPermutation;
import org.fedvae.protocol.secagg.graph.HararyGraph;

/**
 * Who masks and shares with whom in this session (PROTOCOL.md 3.1). With the complete graph: every member of U1, and
 * share indices are cohort ranks, exactly as before SecAgg+. With the sparse graph: the Harary graph of the
 * configured degree on U1, laid on the ring order drawn from the session id; a dealer's shares go to its
 * neighbourhood (its neighbours and itself), and the x coordinate of a holder is its 1-based rank in the dealer's
 * neighbourhood by id. Both sides compute the same graph from U1 and the session id alone.
 *
 * <p>A participant keeps only its {@link #localTo local view} after the key list: U1's ids, its own neighbourhood and
 * its neighbours' (what its later stages ask about), so its memory grows with k, not with n times the ring.
 */
final class SessionGraph {

    private final RoundConfig config;
    /** U1 as a set: the complete graph only (its neighbourhoods are U1). */
    private final NavigableSet<Integer> u1Set;
    /** U1's ids ascending: the sparse graph. */
    private final int[] u1;
    /** The whole ring (the coordinator's view), or null: complete graph or a participant's local view. */
    private final HararyGraph graph;

    private final Map<Integer, NavigableSet<Integer>> neighbourhoods = new HashMap<>();
    /** A participant's local view: its neighbours' neighbourhoods as sorted arrays (k + 1 ints each, not a tree). */
    private final Map<Integer, int[]> localHoods = new HashMap<>();

    private SessionGraph(RoundConfig config, NavigableSet<Integer> u1Set, int[] u1, HararyGraph graph) {
        this.config = config;
        this.u1Set = u1Set;
        this.u1 = u1;
        this.graph = graph;
    }

    static SessionGraph of(RoundConfig config, NavigableSet<Integer> u1, byte[] sessionId) {
        if (!config.isSparse()) {
            return new SessionGraph(config, u1, null, null);
        }
        int[] ids = u1.stream().mapToInt(Integer::intValue).toArray();
        int[] ring = GraphPermutation.shuffle(GraphPermutation.seed(sessionId), ids);
        return new SessionGraph(config, null, ids, HararyGraph.onRing(config.graphDegree(), ring));
    }

    /**
     * What participant {@code self} needs for the rest of the round: membership of U1, and the neighbourhoods of
     * itself and of each of its neighbours. The complete graph is returned as it is.
     */
    SessionGraph localTo(int self) {
        if (!isSparse()) {
            return this;
        }
        SessionGraph local = new SessionGraph(config, null, u1, null);
        local.neighbourhoods.put(self, neighbourhood(self));
        for (int v : neighbourhood(self)) {
            local.localHoods.put(v, graph.neighbourhood(v));
        }
        return local;
    }

    /** Whether {@code id} is in U1. */
    boolean contains(int id) {
        return u1Set != null ? u1Set.contains(id) : Arrays.binarySearch(u1, id) >= 0;
    }

    boolean isSparse() {
        return u1Set == null;
    }

    /** The members of U1 that {@code id} (a member) masks with and deals shares to, itself included, ascending. */
    NavigableSet<Integer> neighbourhood(int id) {
        if (!isSparse()) {
            return u1Set;
        }
        NavigableSet<Integer> known = neighbourhoods.get(id);
        if (known != null) {
            return known;
        }
        if (graph == null) {
            // Built on demand from the compact array: a participant asks for a neighbour's a few times per round.
            return asSet(localHood(id));
        }
        NavigableSet<Integer> hood = asSet(graph.neighbourhood(id));
        neighbourhoods.put(id, hood);
        return hood;
    }

    private int[] localHood(int id) {
        int[] hood = localHoods.get(id);
        if (hood == null) {
            throw new IllegalArgumentException("this participant's view of the graph holds no neighbourhood of " + id);
        }
        return hood;
    }

    private static NavigableSet<Integer> asSet(int[] ids) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int v : ids) {
            s.add(v);
        }
        return Collections.unmodifiableNavigableSet(s);
    }

    boolean areNeighbours(int a, int b) {
        if (!isSparse()) {
            return a != b && u1Set.contains(a) && u1Set.contains(b);
        }
        if (graph != null) {
            return graph.areNeighbours(a, b);
        }
        // Local view: one of the two is the participant itself or one of its neighbours, whose neighbourhood it holds.
        int[] hood = localHoods.containsKey(a) ? localHoods.get(a) : localHood(b);
        int other = localHoods.containsKey(a) ? b : a;
        return a != b && Arrays.binarySearch(hood, other) >= 0;
    }

    /** How many shares a dealer splits its secrets into: the cohort size (complete) or its neighbourhood's size. */
    int shareCount(int dealer) {
        return isSparse() ? neighbourhood(dealer).size() : config.cohortSize();
    }

    /** The Shamir x coordinate of the share that {@code dealer} deals to {@code holder}. */
    int shareIndex(int dealer, int holder) {
        if (!isSparse()) {
            return config.shareIndex(holder);
        }
        if (graph == null && localHoods.containsKey(dealer)) {
            int rank = Arrays.binarySearch(localHoods.get(dealer), holder);
            if (rank < 0) {
                throw new IllegalArgumentException(holder + " holds no share of " + dealer);
            }
            return rank + 1;
        }
        NavigableSet<Integer> hood = neighbourhood(dealer);
        if (!hood.contains(holder)) {
            throw new IllegalArgumentException(holder + " holds no share of " + dealer);
        }
        return hood.headSet(holder, true).size();
    }
}
