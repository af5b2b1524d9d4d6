package org.fedvae.protocol.secagg;

import java.util.Set;
import org.fedvae.protocol.proto.SecAggAbortReason;

/**
 * Before unmasking a sparse-graph round: every secret the sum needs must have t responders in its owner's
 * neighbourhood, or the round aborts with BELOW_THRESHOLD and nothing is reconstructed. Needed are every survivor's
 * self-mask seed and the mask key of every dropped member that a survivor masked with. With the complete graph every
 * responder holds every share, so the stage's count of t responses already says it.
 */
final class NeighbourhoodQuorum {

    private NeighbourhoodQuorum() {}

    static void require(
            SessionGraph graph, int t, Set<Integer> survivors, Set<Integer> dropped, Set<Integer> responders)
            throws SecAggViolation {
        if (!graph.isSparse()) {
            return;
        }
        for (int u : survivors) {
            requireIn(graph, t, u, responders, "self-mask seed of survivor");
        }
        for (int v : dropped) {
            // Its neighbourhood, not all of U3: O(k) per dropped participant.
            boolean needed = graph.neighbourhood(v).stream().anyMatch(u -> u != v && survivors.contains(u));
            if (needed) {
                requireIn(graph, t, v, responders, "mask key of dropped participant");
            }
        }
    }

    private static void requireIn(SessionGraph graph, int t, int owner, Set<Integer> responders, String what)
            throws SecAggViolation {
        long holders =
                graph.neighbourhood(owner).stream().filter(responders::contains).count();
        if (holders < t) {
            throw new SecAggViolation(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    "only " + holders + " responders hold the " + what + " " + owner + ", threshold is " + t);
        }
    }
}
