package org.fedvae.protocol.secagg;

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
 */
final class SessionGraph {

    private final RoundConfig config;
    private final NavigableSet<Integer> u1;
    private final HararyGraph graph;
    private final Map<Integer, NavigableSet<Integer>> neighbourhoods = new HashMap<>();

    private SessionGraph(RoundConfig config, NavigableSet<Integer> u1, HararyGraph graph) {
        this.config = config;
        this.u1 = u1;
        this.graph = graph;
    }

    static SessionGraph of(RoundConfig config, NavigableSet<Integer> u1, byte[] sessionId) {
        int[] ids = u1.stream().mapToInt(Integer::intValue).toArray();
        if (!config.isSparse()) {
            return new SessionGraph(config, u1, null);
        }
        int[] ring = GraphPermutation.shuffle(GraphPermutation.seed(sessionId), ids);
        return new SessionGraph(config, u1, HararyGraph.onRing(config.graphDegree(), ring));
    }

    /** Whether {@code id} is in U1. */
    boolean contains(int id) {
        return u1.contains(id);
    }

    boolean isSparse() {
        return graph != null;
    }

    /** The members of U1 that {@code id} (a member) masks with and deals shares to, itself included, ascending. */
    NavigableSet<Integer> neighbourhood(int id) {
        if (graph == null) {
            return u1;
        }
        return neighbourhoods.computeIfAbsent(id, k -> {
            TreeSet<Integer> s = new TreeSet<>();
            for (int v : graph.neighbourhood(k)) {
                s.add(v);
            }
            return Collections.unmodifiableNavigableSet(s);
        });
    }

    boolean areNeighbours(int a, int b) {
        return graph == null ? a != b && u1.contains(a) && u1.contains(b) : graph.areNeighbours(a, b);
    }

    /** How many shares a dealer splits its secrets into: the cohort size (complete) or its neighbourhood's size. */
    int shareCount(int dealer) {
        return graph == null ? config.cohortSize() : neighbourhood(dealer).size();
    }

    /** The Shamir x coordinate of the share that {@code dealer} deals to {@code holder}. */
    int shareIndex(int dealer, int holder) {
        if (graph == null) {
            return config.shareIndex(holder);
        }
        NavigableSet<Integer> hood = neighbourhood(dealer);
        if (!hood.contains(holder)) {
            throw new IllegalArgumentException(holder + " holds no share of " + dealer);
        }
        return hood.headSet(holder, true).size();
    }
}
