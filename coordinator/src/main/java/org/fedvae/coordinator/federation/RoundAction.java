package org.fedvae.coordinator.federation;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;

/**
 * What the {@link FederationMachine} asks to be done; {@link ActionExecutor} does it, in order.
 * Participants are named by their transport id; an action for one no longer connected is dropped.
 */
sealed interface RoundAction {

    record Send(String to, Envelope envelope) implements RoundAction {}

    /** The same envelope to several participants, serialized once (a model to a hundred sites). */
    record Broadcast(List<String> to, Envelope envelope) implements RoundAction {
        public Broadcast {
            to = List.copyOf(to);
        }
    }

    /** Error message, then the connection closes: the participant leaves whatever round it is in. */
    record Refuse(String to, ErrorCode code, String message) implements RoundAction {}

    /** Closes the connection without a word (the participant reported an error of its own). */
    record Close(String to, String why) implements RoundAction {}

    /** A last envelope (the final model), then the connection closes once it went out. */
    record Farewell(List<String> to, Envelope envelope) implements RoundAction {
        public Farewell {
            to = List.copyOf(to);
        }
    }

    /** After {@code after}, report {@link FederationMachine#deadlinePassed} with this token. */
    record ArmDeadline(long token, Duration after) implements RoundAction {}

    record CancelDeadline(long token) implements RoundAction {}

    /**
     * Persist that the round starts (so a restart never reuses its id). If this fails, carry out
     * none of the actions after it and report {@link FederationMachine#storageFailed}.
     */
    record RecordRoundStart(long roundId) implements RoundAction {}

    /**
     * Checkpoint the state after the round (model, strategy, rounds done); once it is saved,
     * {@code globalModel} is the federation's current model. Failure as for {@link RecordRoundStart}.
     */
    record Checkpoint(long roundId, ModelParameters globalModel) implements RoundAction {}

    /** The round's log line and metrics.csv row; a failure to write it is only logged. */
    record RecordMetrics(RoundMetrics metrics) implements RoundAction {}

    /** Calls the federation listener; what it throws is logged and otherwise ignored. */
    record Notify(Consumer<FederationListener> call) implements RoundAction {}

    /** The run is over: after the last round ({@code failure} null), or stopped by {@code failure}. */
    record Finish(Throwable failure) implements RoundAction {}
}
