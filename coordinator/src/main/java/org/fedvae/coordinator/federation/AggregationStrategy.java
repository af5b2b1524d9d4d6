package org.fedvae.coordinator.federation;

import org.fedvae.protocol.proto.Envelope;

/**
 * How one round aggregates: secure aggregation ({@link SecAggStrategy}) or, for comparison runs,
 * plain updates ({@link PlainStrategy}). Works through its {@link RoundMachine}: stages and their
 * deadlines, sends, refusals, and the outcome ({@link RoundMachine#end}). No I/O.
 */
interface AggregationStrategy {

    /** Enters the first stage (and arms its deadline). */
    void start();

    /** An update-carrying envelope (SECAGG or PLAIN_UPDATE) from a member still in the round. */
    void message(String participantId, Envelope envelope);

    /** The member declined, disconnected, or was refused: stop waiting for it. */
    void left(String participantId);

    /** The current stage's deadline passed. */
    void deadlinePassed();
}
