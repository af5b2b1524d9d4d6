package org.fedvae.protocol.secagg;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;

/** What every coordinator state shares: the round and who has left it. */
final class CoordinatorContext {

    final RoundConfig config;
    /** Participants that left the round: disconnected, aborted, or sent a message we refused. */
    final Set<Integer> gone = new HashSet<>();

    CoordinatorContext(RoundConfig config) {
        this.config = config;
    }

    /** The given participants minus those who left, ascending. */
    NavigableSet<Integer> present(Collection<Integer> ids) {
        TreeSet<Integer> s = new TreeSet<>(ids);
        s.removeAll(gone);
        return s;
    }

    SecAggMessage.Builder message() {
        return SecAggMessage.newBuilder().setRoundId(config.roundId()).setSenderId(0);
    }

    /** Sends one shared message to each recipient that has not left. */
    void broadcast(SecAggMessage message, Collection<Integer> recipients, List<Outgoing> out) {
        for (int id : recipients) {
            if (!gone.contains(id)) {
                out.add(new Outgoing(id, message));
            }
        }
    }

    /** Tells participants who missed a stage's deadline that they are out of the round. */
    void dismissMissing(StageArrivals<?> arrivals, String stageName, List<Outgoing> out) {
        Collection<Integer> missing = arrivals.missing(gone);
        if (missing.isEmpty()) {
            return;
        }
        SecAggMessage dismissal = message()
                .setAbort(Abort.newBuilder()
                        .setReason(SecAggAbortReason.TIMEOUT)
                        .setDetail("the " + stageName
                                + " stage closed before your message arrived; you are out of this round"))
                .build();
        broadcast(dismissal, missing, out);
    }
}
