package org.fedvae.protocol.harness;

import org.fedvae.protocol.proto.SecAggMessage;

/**
 * One event on the {@link SecAggRouter}'s wires.
 *
 * @param kind      what happened
 * @param peer      the sender (to the coordinator) or the recipient (to a participant); 0 for a deadline
 * @param message   the message; null for a deadline
 * @param delivered for a coordinator message: whether its recipient is still there to get it, as
 *                  known when the coordinator sent it; for a participant's message: whether the
 *                  round was still open to handle it (it ends unread otherwise); true for a deadline
 */
public record RouteEvent(Kind kind, int peer, SecAggMessage message, boolean delivered) {

    public enum Kind {
        /** A participant's message reaches the coordinator (handled unless the round already ended). */
        TO_COORDINATOR,
        /** The coordinator sent a message to a participant. */
        TO_PARTICIPANT,
        /** Nothing was in flight and the round was open: the coordinator's stage deadline passed. */
        DEADLINE
    }

    static RouteEvent deadline() {
        return new RouteEvent(Kind.DEADLINE, 0, null, true);
    }
}
