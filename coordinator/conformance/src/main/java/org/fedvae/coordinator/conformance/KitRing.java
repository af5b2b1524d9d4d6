package org.fedvae.coordinator.conformance;

import java.util.ArrayList;
import java.util.List;
import org.fedvae.protocol.crypto.SessionId;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.secagg.graph.GraphPermutation;
import org.fedvae.protocol.secagg.graph.HararyGraph;

/**
 * The Harary ring a key list fixes (PROTOCOL.md 3.1), computed by the kit with the production graph code: the session
 * id over every entry (signatures are not part of it), the ring order drawn from it, and H(k, m) on that ring.
 */
final class KitRing {

    private final int[] ring;
    private final HararyGraph graph;

    private KitRing(int[] ring, HararyGraph graph) {
        this.ring = ring;
        this.graph = graph;
    }

    static KitRing of(long roundId, int degree, KeyList list) {
        List<SessionId.Entry> entries = new ArrayList<>(list.getEntriesCount());
        for (AdvertisedKeys e : list.getEntriesList()) {
            entries.add(new SessionId.Entry(
                    e.getParticipantId(),
                    e.getKeys().getCPk().toByteArray(),
                    e.getKeys().getSPk().toByteArray()));
        }
        int[] ascending = entries.stream()
                .mapToInt(SessionId.Entry::participantId)
                .sorted()
                .toArray();
        byte[] sessionId = SessionId.compute(roundId, entries);
        int[] ring = GraphPermutation.shuffle(GraphPermutation.seed(sessionId), ascending);
        return new KitRing(ring, HararyGraph.onRing(degree, ring));
    }

    /** The neighbours of {@code id}, ascending, without itself. */
    int[] neighbours(int id) {
        return graph.neighbours(id);
    }

    /** The neighbourhood of {@code id}: its neighbours and itself, ascending. */
    int[] neighbourhood(int id) {
        return graph.neighbourhood(id);
    }

    /** The member {@code steps} places further round the ring from {@code id} (k/2 steps: its farthest neighbour). */
    int along(int id, int steps) {
        for (int p = 0; p < ring.length; p++) {
            if (ring[p] == id) {
                return ring[Math.floorMod(p + steps, ring.length)];
            }
        }
        throw new IllegalArgumentException("participant " + id + " is not on the ring");
    }
}
