package org.fedvae.protocol.secagg;

import java.util.Collection;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.fedvae.protocol.proto.SecAggAbortReason;

/** Turns id lists from the wire into sets, refusing duplicates; formats sets for messages. */
final class IdSets {

    private IdSets() {}

    static NavigableSet<Integer> distinct(Collection<Integer> ids, String what) throws SecAggViolation {
        TreeSet<Integer> set = new TreeSet<>();
        for (int id : ids) {
            if (!set.add(id)) {
                throw new SecAggViolation(
                        SecAggAbortReason.INCONSISTENT_SETS,
                        what + " names participant " + Integer.toUnsignedString(id) + " twice");
            }
        }
        return Collections.unmodifiableNavigableSet(set);
    }

    /** At most 20 ids, so a message about a large cohort stays readable. */
    static String show(Collection<Integer> ids) {
        StringBuilder sb = new StringBuilder("{");
        int shown = 0;
        for (int id : ids) {
            if (shown == 20) {
                sb.append(", ... (").append(ids.size()).append(" in all)");
                break;
            }
            sb.append(shown++ == 0 ? "" : ", ").append(Integer.toUnsignedString(id));
        }
        return sb.append('}').toString();
    }
}
