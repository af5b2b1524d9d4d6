package org.fedvae.coordinator.federation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One round's members, the mapping between their transport ids and secure-aggregation ids (1..n
 * in sorted order), and the one record of who left the round and how. A member that declined or
 * was dismissed at a deadline has left but is still reachable (it hears the round end); one that
 * disconnected or was refused is gone. Later messages of anyone who left are ignored.
 */
final class Cohort {

    enum Departure {
        /** Declined or dismissed: out of the round, connection kept. */
        LEFT,
        /** Disconnected or refused: out of the round and unreachable. */
        GONE
    }

    private final List<String> members;
    private final Map<String, Integer> secaggIds = new HashMap<>();
    private final Map<Integer, String> participantIds = new HashMap<>();
    private final Map<String, Departure> departures = new HashMap<>();
    private final long roundId;

    /** @param sortedMembers transport ids, sorted; secure-aggregation ids are 1..n in this order */
    Cohort(long roundId, List<String> sortedMembers) {
        this.roundId = roundId;
        this.members = List.copyOf(sortedMembers);
        for (int i = 0; i < members.size(); i++) {
            secaggIds.put(members.get(i), i + 1);
            participantIds.put(i + 1, members.get(i));
        }
    }

    List<String> members() {
        return members;
    }

    int size() {
        return members.size();
    }

    boolean contains(String participantId) {
        return secaggIds.containsKey(participantId);
    }

    int secaggId(String participantId) {
        Integer id = secaggIds.get(participantId);
        if (id == null) {
            throw new IllegalArgumentException(participantId + " is not in the cohort of round " + roundId);
        }
        return id;
    }

    String participantId(int secaggId) {
        String id = participantIds.get(secaggId);
        if (id == null) {
            throw new IllegalArgumentException(
                    "no participant has secure-aggregation id " + secaggId + " in round " + roundId);
        }
        return id;
    }

    /** Marks the member as out of the round, still connected; true if it had not left before. */
    boolean leave(String participantId) {
        return departures.putIfAbsent(participantId, Departure.LEFT) == null;
    }

    /** Marks the member as gone (connection closed); true if it had not left before. */
    boolean disconnect(String participantId) {
        return departures.put(participantId, Departure.GONE) == null;
    }

    boolean hasLeft(String participantId) {
        return departures.containsKey(participantId);
    }

    /** Members that left the round either way. */
    int departed() {
        return departures.size();
    }

    /** Whether the member's connection from the round's start is still open. */
    boolean isReachable(String participantId) {
        return contains(participantId) && departures.get(participantId) != Departure.GONE;
    }

    /** Members whose connection from the round's start is still open, in id order. */
    List<String> reachable() {
        return members.stream().filter(this::isReachable).toList();
    }
}
