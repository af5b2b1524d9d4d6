package org.fedvae.coordinator.federation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.fedvae.coordinator.aggregation.ServerStrategy;
import org.fedvae.coordinator.aggregation.Strategies;
import org.fedvae.coordinator.state.Checkpoint;
import org.fedvae.coordinator.state.CheckpointStore;
import org.fedvae.protocol.model.ModelParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state a run carries from round to round: rounds done (completed or aborted: round ids are
 * never reused), the global model and the server strategy. Checkpointed after every round when
 * the run has a state folder, and resumed from there.
 */
final class RunState {

    private static final Logger LOG = LoggerFactory.getLogger(RunState.class);

    private final CheckpointStore store;
    private final ServerStrategy strategy;
    private final float[] global;
    private final ModelParameters template;
    private long roundsDone;

    private RunState(CheckpointStore store, ServerStrategy strategy, ModelParameters model, long roundsDone) {
        this.store = store;
        this.strategy = strategy;
        this.global = model.toFlatArray();
        this.template = model;
        this.roundsDone = roundsDone;
    }

    /**
     * Resumes from the newest checkpoint in {@code stateDir}, or starts from {@code initial}.
     *
     * @param stateDir null for a run that keeps nothing on disk
     * @param initial  the starting model; may be null when a checkpoint exists
     */
    static RunState open(Path stateDir, ModelParameters initial, String strategyName, Float serverLr) throws IOException {
        ServerStrategy strategy = Strategies.create(strategyName, serverLr);
        CheckpointStore store = stateDir == null ? null : new CheckpointStore(stateDir);
        Optional<Checkpoint> cp = store == null ? Optional.empty() : store.latest();
        if (cp.isPresent()) {
            Checkpoint c = cp.get();
            if (!c.strategy().equals(strategy.name())) {
                throw new IOException(stateDir + ": the checkpoint was made with strategy " + c.strategy()
                        + ", this run uses " + strategy.name() + "; use the same strategy or a new state folder");
            }
            if (initial != null && !initial.spec().equals(c.globalModel().spec())) {
                throw new IOException(stateDir + ": the checkpoint's model " + c.globalModel().spec()
                        + " does not match the given initial model " + initial.spec());
            }
            strategy.restore(c.strategyState());
            LOG.info("resuming from the checkpoint in {}: {} rounds done", stateDir, c.completedRounds());
            return new RunState(store, strategy, c.globalModel(), c.completedRounds());
        }
        if (initial == null) {
            throw new IOException((stateDir == null ? "no state folder" : "no checkpoint in " + stateDir)
                    + " and no initial model: give one (e.g. from 'fedvae-participant init-model')");
        }
        return new RunState(store, strategy, initial, 0);
    }

    long roundsDone() {
        return roundsDone;
    }

    /** A copy of the global model. */
    ModelParameters globalModel() {
        return ModelParameters.of(template.spec(), global);
    }

    int vectorLength() {
        return global.length;
    }

    String strategyName() {
        return strategy.name();
    }

    /** Moves the global model along a completed round's average update. */
    void apply(float[] averageDelta) {
        strategy.apply(global, averageDelta);
    }

    /** Records that round {@code roundId} is over (either way) and checkpoints. */
    void roundDone(long roundId) throws IOException {
        roundsDone = roundId;
        if (store != null) {
            store.save(new Checkpoint(roundsDone, globalModel(), strategy.name(), strategy.state()));
        }
    }
}
