package org.fedvae.coordinator.federation;

import java.time.Duration;
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

    /** The same event with the round's threshold; by default the two-argument call. */
    default void roundStarted(long roundId, List<String> cohort, int threshold) {
        roundStarted(roundId, cohort);
    }

    /** The round entered a stage ("advertise_keys", ...) whose deadline is {@code timeout} from now. */
    default void stageStarted(long roundId, String stage, Duration timeout) {}

    /**
     * A round ended and its state is checkpointed. {@code globalModel} is the global model after
     * it (unchanged if the round aborted); it is a copy the listener may keep.
     */
    default void roundFinished(RoundMetrics metrics, ModelParameters globalModel) {}

    /** The last round ended; participants were sent the final model. */
    default void federationFinished(long rounds, ModelParameters globalModel) {}

    /** Every one of {@code listeners}, in order, for each event. */
    static FederationListener all(FederationListener... listeners) {
        List<FederationListener> ls = List.of(listeners);
        return new FederationListener() {
            @Override
            public void participantConnected(String participantId, int connected) {
                ls.forEach(l -> l.participantConnected(participantId, connected));
            }

            @Override
            public void participantDisconnected(String participantId, int connected) {
                ls.forEach(l -> l.participantDisconnected(participantId, connected));
            }

            @Override
            public void roundStarted(long roundId, List<String> cohort, int threshold) {
                ls.forEach(l -> l.roundStarted(roundId, cohort, threshold));
            }

            @Override
            public void stageStarted(long roundId, String stage, Duration timeout) {
                ls.forEach(l -> l.stageStarted(roundId, stage, timeout));
            }

            @Override
            public void roundFinished(RoundMetrics metrics, ModelParameters globalModel) {
                ls.forEach(l -> l.roundFinished(metrics, globalModel));
            }

            @Override
            public void federationFinished(long rounds, ModelParameters globalModel) {
                ls.forEach(l -> l.federationFinished(rounds, globalModel));
            }
        };
    }
}
