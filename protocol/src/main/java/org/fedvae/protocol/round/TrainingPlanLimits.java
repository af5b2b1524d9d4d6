package org.fedvae.protocol.round;

import java.util.Optional;

/**
 * The sane range of every training setting a round announces. One function for both sides: the
 * coordinator refuses a policy outside it at startup, and a participant refuses a RoundStart
 * outside it before it trains on anything, so the two can never disagree about what is sane.
 */
public final class TrainingPlanLimits {

    public static final int MAX_LOCAL_EPOCHS = 1000;
    public static final int MAX_BATCH_SIZE = 65_536;

    private TrainingPlanLimits() {}

    /**
     * The first setting outside its range, described with its name (e.g. "local epochs 0 outside
     * 1..1000"), or empty if all are sane. Counts are unsigned on the wire, hence longs.
     */
    public static Optional<String> check(long localEpochs, double learningRate, long batchSize, double klBeta) {
        if (localEpochs < 1 || localEpochs > MAX_LOCAL_EPOCHS) {
            return Optional.of("local epochs " + localEpochs + " outside 1.." + MAX_LOCAL_EPOCHS);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            return Optional.of("learning rate " + learningRate + " outside (0, 1]");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            return Optional.of("batch size " + batchSize + " outside 1.." + MAX_BATCH_SIZE);
        }
        if (!(klBeta >= 0) || !Double.isFinite(klBeta)) {
            return Optional.of("KL weight " + klBeta + " is not finite and >= 0");
        }
        return Optional.empty();
    }
}
