package org.fedvae.participant.federation;

import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * Callbacks from a running {@link FederationParticipant}, e.g. for a simulation's progress and
 * checks. All run on the participant's event loop thread: return quickly. Exceptions are logged
 * and otherwise ignored.
 */
public interface ParticipantListener {

    ParticipantListener NONE = new ParticipantListener() {};

    /** The coordinator accepted the connection. */
    default void connected() {}

    default void disconnected(String why) {}

    /** A round started that this participant takes part in; {@code globalModel} is the model it trains from. */
    default void roundStarted(long roundId, ModelParameters globalModel, int cohortSize, boolean secureAggregation) {}

    /**
     * The participant's secure-aggregation machine moved to {@code stage}; everything it had to
     * send before that has been written to the connection.
     */
    default void stageEntered(long roundId, SecAggStage stage) {}

    /**
     * The local update of a round, about to be masked (or, without secure aggregation, sent).
     * Nothing leaves the participant through this call; the arrays are the listener's to keep.
     */
    default void updateReady(LocalUpdate update) {}

    /** The coordinator ended the round. */
    default void roundEnded(long roundId, boolean completed, int survivors, String detail) {}
}
