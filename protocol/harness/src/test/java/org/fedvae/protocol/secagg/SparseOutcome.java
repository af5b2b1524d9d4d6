package org.fedvae.protocol.secagg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.fedvae.protocol.crypto.SessionId;
import org.fedvae.protocol.proto.AdvertiseKeys;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * The test's own model of a sparse-graph round (PROTOCOL.md 3.1, 6): from the cohort, the graph and a dropout
 * schedule, which sets form, who aborts on its own because its neighbourhood fell below t, and where the round ends.
 * The property tests compare the state machines against it.
 */
final class SparseOutcome {

    /** COMPLETED with the survivors U3, or the stage the coordinator aborted in (BELOW_THRESHOLD). */
    record Expected(SecAggStage stage, NavigableSet<Integer> survivors) {}

    private SparseOutcome() {}

    /**
     * The graph the round will use when {@code u1} advertise: their keys come from a twin of the cohort (same seed,
     * so the same key pairs), whose participants are started and thrown away.
     */
    static SessionGraph graphFor(Cohort twin, Set<Integer> u1) {
        List<SessionId.Entry> entries = new ArrayList<>();
        for (int id : u1) {
            SecAggMessage m = twin.participant(id).start().get(0);
            AdvertiseKeys a = m.getAdvertiseKeys();
            entries.add(
                    new SessionId.Entry(id, a.getCPk().toByteArray(), a.getSPk().toByteArray()));
        }
        byte[] sessionId = SessionId.compute(twin.config.roundId(), entries);
        return SessionGraph.of(twin.config, new TreeSet<>(u1), sessionId);
    }

    static Expected predict(SessionGraph g, List<Integer> ids, Map<Integer, SecAggStage> dropAt, int t) {
        NavigableSet<Integer> u1 = sending(ids, dropAt, SecAggStage.ADVERTISE_KEYS);
        if (u1.size() < t) {
            return aborted(SecAggStage.ADVERTISE_KEYS);
        }
        NavigableSet<Integer> u2 = sending(ids, dropAt, SecAggStage.SHARE_KEYS);
        if (u2.size() < t) {
            return aborted(SecAggStage.SHARE_KEYS);
        }
        // A participant with fewer than t of U2 in its neighbourhood aborts on the routed shares.
        NavigableSet<Integer> u3 = keepIfQuorum(g, sending(ids, dropAt, SecAggStage.MASKED_INPUT), u2, t);
        if (u3.size() < t) {
            return aborted(SecAggStage.MASKED_INPUT);
        }
        NavigableSet<Integer> u4 =
                keepIfQuorum(g, within(u3, sending(ids, dropAt, SecAggStage.CONSISTENCY_CHECK)), u3, t);
        if (u4.size() < t) {
            return aborted(SecAggStage.CONSISTENCY_CHECK);
        }
        // Each gets t signatures of its own neighbourhood or aborts on the unmasking request.
        NavigableSet<Integer> responders =
                keepIfQuorum(g, within(u4, sending(ids, dropAt, SecAggStage.UNMASKING)), u4, t);
        if (responders.size() < t) {
            return aborted(SecAggStage.UNMASKING);
        }
        for (int u : u3) {
            if (inHood(g, u, responders) < t) {
                return aborted(SecAggStage.UNMASKING);
            }
        }
        for (int d : u2) {
            boolean needed = !u3.contains(d) && u3.stream().anyMatch(u -> g.areNeighbours(u, d));
            if (needed && inHood(g, d, responders) < t) {
                return aborted(SecAggStage.UNMASKING);
            }
        }
        return new Expected(SecAggStage.COMPLETED, u3);
    }

    /** Participants that send the message of {@code stage}: those not dropping at it or before. */
    static NavigableSet<Integer> sending(List<Integer> ids, Map<Integer, SecAggStage> dropAt, SecAggStage stage) {
        NavigableSet<Integer> s = new TreeSet<>();
        for (int id : ids) {
            SecAggStage d = dropAt.get(id);
            if (d == null || d.ordinal() > stage.ordinal()) {
                s.add(id);
            }
        }
        return s;
    }

    private static NavigableSet<Integer> keepIfQuorum(
            SessionGraph g, Set<Integer> candidates, Set<Integer> set, int t) {
        NavigableSet<Integer> kept = new TreeSet<>();
        for (int u : candidates) {
            if (set.contains(u) && inHood(g, u, set) >= t) {
                kept.add(u);
            }
        }
        return kept;
    }

    private static NavigableSet<Integer> within(Set<Integer> a, Set<Integer> b) {
        NavigableSet<Integer> s = new TreeSet<>(a);
        s.retainAll(b);
        return s;
    }

    private static long inHood(SessionGraph g, int u, Set<Integer> set) {
        return g.neighbourhood(u).stream().filter(set::contains).count();
    }

    private static Expected aborted(SecAggStage stage) {
        return new Expected(stage, new TreeSet<>());
    }
}
