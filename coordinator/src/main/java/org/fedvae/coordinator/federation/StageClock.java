package org.fedvae.coordinator.federation;

import java.util.LinkedHashMap;
import java.util.Map;

/** Seconds spent in each stage of a round, measured on the round thread. */
final class StageClock {

    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private String stage;
    private long since;

    void enter(String next) {
        stop();
        stage = next;
        since = System.nanoTime();
    }

    void stop() {
        if (stage != null) {
            seconds.merge(stage, (System.nanoTime() - since) / 1e9, Double::sum);
            stage = null;
        }
    }

    Map<String, Double> seconds() {
        return seconds;
    }
}
