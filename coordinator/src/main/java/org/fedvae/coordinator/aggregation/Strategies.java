package org.fedvae.coordinator.aggregation;

import java.util.List;

/** Builds a strategy from its command-line name with the defaults documented here. */
public final class Strategies {

    public static final List<String> NAMES = List.of("fedavg", "fedavgm", "fedadam");

    private Strategies() {}

    /**
     * fedavg: server lr 1 (McMahan et al.). fedavgm: lr 1, momentum 0.9 (Hsu et al.).
     * fedadam: lr 1e-2, beta1 0.9, beta2 0.99,
     * tau 1e-3 (Reddi et al.'s defaults). {@code serverLearningRate}, when not null, replaces the lr.
     */
    public static ServerStrategy create(String name, Float serverLearningRate) {
        return switch (name) {
            case "fedavg" -> new FedAvg(or(serverLearningRate, 1f));
            case "fedavgm" -> new FedAvgMomentum(or(serverLearningRate, 1f), 0.9f);
            case "fedadam" -> new FedAdam(or(serverLearningRate, 1e-2f), 0.9f, 0.99f, 1e-3f);
            default -> throw new IllegalArgumentException("unknown strategy " + name + "; choose one of " + NAMES);
        };
    }

    private static float or(Float v, float dflt) {
        return v == null ? dflt : v;
    }
}
