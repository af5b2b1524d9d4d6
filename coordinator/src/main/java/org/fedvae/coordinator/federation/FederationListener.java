package org.fedvae.coordinator.federation;

import java.util.List;
import org.fedvae.protocol.model.ModelParameters;

/**
 * Callbacks from a running {@link FederationCoordinator}, e.g. for a simulation's progress line
 * or a central evaluation of each new global model. All run on the coordinator's round thread,
 * one at a time: return quickly (hand long work to another thread), and do not call back into
 * the coordinator's blocking methods. An exception thrown here is logged and otherwise ignored.
 */
public interface FederationListener {

    FederationListener NONE = new FederationListener() {};

    default void participantConnected(String participantId, int connected) {}

    default void participantDisconnected(String participantId, int connected) {}

    /** A round began: its cohort was selected and sent the round start. */
    default void roundStarted(long roundId, List<String> cohort) {}

    /**
     * A round ended and its state is checkpointed. {@code globalModel} is the global model after
     * it (unchanged if the round aborted); it is a copy the listener may keep.
     */
    default void roundFinished(RoundMetrics metrics, ModelParameters globalModel) {}

    /** The last round ended; participants were sent the final model. */
    default void federationFinished(long rounds, ModelParameters globalModel) {}
}
