package org.fedvae.coordinator.aggregation;

import java.util.Map;
import java.util.Set;

/** Argument checks shared by the strategies. */
final class Vectors {

    private Vectors() {}

    static void checkSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
    }

    static void checkKeys(String strategy, Map<String, float[]> state, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String k : state.keySet()) {
            if (!ok.contains(k)) {
                throw new IllegalArgumentException(strategy + " has no state named " + k + " (expected " + ok + ")");
            }
        }
    }
}
