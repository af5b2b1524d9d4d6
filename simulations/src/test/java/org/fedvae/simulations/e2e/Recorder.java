package org.fedvae.simulations.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.federation.FederationListener;
import org.fedvae.coordinator.federation.RoundMetrics;
import org.fedvae.participant.federation.LocalUpdate;
import org.fedvae.participant.federation.ParticipantListener;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.secagg.SecAggStage;

/** Collects what the coordinator and the participants report, for assertions. */
final class Recorder implements FederationListener {

    /** How long any single wait in these tests may take before the test fails. */
    static final long WAIT_SECONDS = 120;

    record Finished(RoundMetrics metrics, ModelParameters model) {}

    record Started(String participantId, long roundId, ModelParameters global) {}

    final BlockingQueue<Finished> rounds = new LinkedBlockingQueue<>();
    final Map<String, Map<Long, LocalUpdate>> updates = new ConcurrentHashMap<>();
    final List<Started> starts = new CopyOnWriteArrayList<>();

    @Override
    public void roundFinished(RoundMetrics metrics, ModelParameters globalModel) {
        rounds.add(new Finished(metrics, globalModel));
    }

    Finished nextRound() throws InterruptedException {
        Finished f = rounds.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no round finished within " + WAIT_SECONDS + " s");
        }
        return f;
    }

    /** A listener for one participant; {@code onStage} may act (e.g. kill it) at a given stage. */
    ParticipantListener participant(String id, StageHook onStage) {
        return new ParticipantListener() {
            @Override
            public void roundStarted(
                    long roundId, ModelParameters globalModel, int cohortSize, boolean secureAggregation) {
                starts.add(new Started(id, roundId, globalModel));
            }

            @Override
            public void stageEntered(long roundId, SecAggStage stage) {
                onStage.entered(roundId, stage);
            }

            @Override
            public void updateReady(LocalUpdate update) {
                updates.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(update.roundId(), update);
            }
        };
    }

    @FunctionalInterface
    interface StageHook {
        StageHook NONE = (round, stage) -> {};

        void entered(long roundId, SecAggStage stage);
    }
}
