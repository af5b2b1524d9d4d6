package org.fedvae.coordinator.federation;

import org.fedvae.protocol.proto.Envelope;

/**
 * The aggregation part of one round: secure aggregation ({@link SecAggRoundDriver}) or, for
 * comparison runs, plain updates ({@link PlainRoundDriver}). Called on the round thread only.
 */
interface RoundDriver {

    /** Arms the first stage's deadline. */
    void start();

    /** An update-carrying envelope (SECAGG or PLAIN_UPDATE) from cohort member {@code participantId}. */
    void onMessage(String participantId, Envelope envelope);

    /** The member disconnected, declined, or was refused: stop waiting for it. */
    void onLeft(String participantId);

    /** Non-null once the round has ended either way. */
    RoundOutcome outcome();
}
