package org.fedvae.protocol.secagg;

import java.util.List;
import java.util.Set;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * One stage of the coordinator side: it collects one message type from an expected set of
 * participants, and when the stage closes (all arrived, or the caller's deadline) it checks
 * the threshold and broadcasts the next stage's messages.
 */
abstract class CoordinatorState {

    final CoordinatorContext ctx;

    CoordinatorState(CoordinatorContext ctx) {
        this.ctx = ctx;
    }

    abstract SecAggStage stage();

    /** The body this stage collects. */
    abstract SecAggMessage.BodyCase collects();

    /** Validates and records one message; throwing rejects that message alone. */
    abstract void accept(int sender, SecAggMessage message) throws SecAggViolation;

    /** True once every expected participant has sent or left, so waiting longer gains nothing. */
    abstract boolean complete();

    /** Closes the stage; throwing aborts the round. */
    abstract CoordinatorState close(List<Outgoing> out) throws SecAggViolation;

    /** Participants still in the round at this stage, who must hear of an abort. */
    abstract Set<Integer> members();

    /** Forgets sensitive intermediate values when the round aborts. */
    void wipe() {}
}
