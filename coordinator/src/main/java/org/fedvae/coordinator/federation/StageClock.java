package org.fedvae.coordinator.federation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Seconds spent in each stage of a round, on an injected nanosecond clock (a fixed one in tests). */
final class StageClock {

    private final LongSupplier nanos;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private String stage;
    private long since;

    StageClock(LongSupplier nanos) {
        this.nanos = nanos;
    }

    void enter(String next) {
        stop();
        stage = next;
        since = nanos.getAsLong();
    }

    void stop() {
        if (stage != null) {
            seconds.merge(stage, (nanos.getAsLong() - since) / 1e9, Double::sum);
            stage = null;
        }
    }

    /** The stage being timed; empty between stages. */
    String stage() {
        return stage == null ? "" : stage;
    }

    Map<String, Double> seconds() {
        return seconds;
    }
}
