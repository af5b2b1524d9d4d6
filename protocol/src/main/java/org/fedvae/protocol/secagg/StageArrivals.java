package org.fedvae.protocol.secagg;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedvae.protocol.proto.SecAggAbortReason;

/**
 * Who the coordinator expects in one stage and what each of them sent. Only the first valid
 * message of an expected participant counts; the stage is complete once every expected
 * participant has either sent or left.
 */
final class StageArrivals<T> {

    private final String message;
    private final String setName;
    private final NavigableSet<Integer> expected;
    private final TreeMap<Integer, T> arrived = new TreeMap<>();

    /**
     * @param message  the message type collected, for error texts
     * @param setName  the name of the set the senders must belong to (e.g. "U2")
     */
    StageArrivals(String message, String setName, Set<Integer> expected) {
        this.message = message;
        this.setName = setName;
        this.expected = Collections.unmodifiableNavigableSet(new TreeSet<>(expected));
    }

    /** Throws unless {@code sender} may still send this stage's message. */
    void admit(int sender) throws SecAggViolation {
        if (!expected.contains(sender)) {
            throw new SecAggViolation(
                    SecAggAbortReason.UNKNOWN_SENDER,
                    "participant " + Integer.toUnsignedString(sender) + " is not in " + setName + ", so no " + message
                            + " is expected from it");
        }
        if (arrived.containsKey(sender)) {
            throw new SecAggViolation(
                    SecAggAbortReason.DUPLICATE_SENDER, "participant " + sender + " already sent its " + message);
        }
    }

    void put(int sender, T value) {
        arrived.put(sender, value);
    }

    int count() {
        return arrived.size();
    }

    NavigableMap<Integer, T> arrived() {
        return Collections.unmodifiableNavigableMap(arrived);
    }

    NavigableSet<Integer> expected() {
        return expected;
    }

    boolean complete(Set<Integer> gone) {
        // Called after every message: decide without walking the expected set while that cannot change the answer.
        if (arrived.size() == expected.size()) {
            return true;
        }
        if ((long) arrived.size() + gone.size() < expected.size()) {
            return false;
        }
        for (int id : expected) {
            if (!arrived.containsKey(id) && !gone.contains(id)) {
                return false;
            }
        }
        return true;
    }

    /** Expected participants that neither sent nor left: they missed the stage. */
    NavigableSet<Integer> missing(Set<Integer> gone) {
        TreeSet<Integer> m = new TreeSet<>(expected);
        m.removeAll(arrived.keySet());
        m.removeAll(gone);
        return m;
    }

    /** Throws BELOW_THRESHOLD unless at least {@code t} participants sent. */
    void requireThreshold(int t) throws SecAggViolation {
        if (arrived.size() < t) {
            throw new SecAggViolation(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    "the " + message + " stage closed with " + arrived.size() + " of " + expected.size()
                            + " expected participants, threshold is " + t);
        }
    }
}
