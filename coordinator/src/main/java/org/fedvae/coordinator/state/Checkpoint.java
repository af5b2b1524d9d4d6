package org.fedvae.coordinator.state;

import java.util.Map;
import org.fedvae.protocol.model.ModelParameters;

/** What a coordinator needs to resume: rounds done, the global model, the server optimizer's state. */
public record Checkpoint(
        long completedRounds, ModelParameters globalModel, String strategy, Map<String, float[]> strategyState) {

    public Checkpoint {
        if (completedRounds < 0) {
            throw new IllegalArgumentException("completed rounds cannot be negative: " + completedRounds);
        }
        strategyState = Map.copyOf(strategyState);
    }
}
