package org.fedvae.coordinator.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.fedvae.coordinator.aggregation.ServerStrategy;
import org.fedvae.coordinator.aggregation.Strategies;
import org.fedvae.coordinator.state.Checkpoint;
import org.fedvae.coordinator.state.CheckpointStore;
import org.fedvae.protocol.io.AtomicFiles;
import org.fedvae.protocol.model.ModelParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state a run carries from round to round: rounds done (completed or aborted), the global
 * model and the server strategy. Checkpointed after every round when the run has a state folder,
 * and resumed from there.
 *
 * <p>Round ids are never reused, not even after a crash in the middle of a round: the id of a
 * round is recorded in {@value #STARTED_FILE} before anyone hears of it, and a resumed run counts
 * an interrupted round as done (aborted). Participants refuse a round id they already took part
 * in, so that no coordinator can obtain two aggregates of the same round from different cohorts.
 */
final class RunState {

    private static final Logger LOG = LoggerFactory.getLogger(RunState.class);
    /** Not named round-*: CheckpointStore prunes those. */
    static final String STARTED_FILE = "STARTED_ROUND";

    private final Path stateDir;
    private final CheckpointStore store;
    private final ServerStrategy strategy;
    private final float[] global;
    private final ModelParameters template;
    private long roundsDone;
    private final long interruptedRound;

    private RunState(
            Path stateDir,
            CheckpointStore store,
            ServerStrategy strategy,
            ModelParameters model,
            long roundsDone,
            long interruptedRound) {
        this.stateDir = stateDir;
        this.store = store;
        this.interruptedRound = interruptedRound;
        this.strategy = strategy;
        this.global = model.toFlatArray();
        this.template = model;
        this.roundsDone = Math.max(roundsDone, interruptedRound);
    }

    /**
     * Resumes from the newest checkpoint in {@code stateDir}, or starts from {@code initial}.
     *
     * @param stateDir null for a run that keeps nothing on disk
     * @param initial  the starting model; may be null when a checkpoint exists
     */
    static RunState open(Path stateDir, ModelParameters initial, String strategyName, Float serverLr)
            throws IOException {
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
                throw new IOException(stateDir + ": the checkpoint's model "
                        + c.globalModel().spec() + " does not match the given initial model " + initial.spec());
            }
            strategy.restore(c.strategyState());
            long started = startedRound(stateDir);
            LOG.info("resuming from the checkpoint in {}: {} rounds done", stateDir, c.completedRounds());
            long interrupted = started > c.completedRounds() ? started : 0;
            if (interrupted > 0) {
                LOG.warn("round {} was interrupted when the coordinator stopped; it counts as aborted", interrupted);
            }
            return new RunState(stateDir, store, strategy, c.globalModel(), c.completedRounds(), interrupted);
        }
        if (initial == null) {
            throw new IOException((stateDir == null ? "no state folder" : "no checkpoint in " + stateDir)
                    + " and no initial model: give one (e.g. from 'fedvae-participant init-model')");
        }
        long interrupted = stateDir == null ? 0 : startedRound(stateDir);
        if (interrupted > 0) {
            LOG.warn(
                    "round {} was interrupted when the coordinator stopped (before any checkpoint); it counts as aborted",
                    interrupted);
        }
        return new RunState(stateDir, store, strategy, initial, 0, interrupted);
    }

    private static long startedRound(Path stateDir) throws IOException {
        Path f = stateDir.resolve(STARTED_FILE);
        if (!Files.exists(f)) {
            return 0;
        }
        String text = Files.readString(f, StandardCharsets.UTF_8).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(f + ": not a round number: '" + text + "'");
        }
    }

    /** A round that a crash cut short (its id is used up), or 0. */
    long interruptedRound() {
        return interruptedRound;
    }

    /** Records that round {@code roundId} starts, before anyone hears of it. */
    void roundStarting(long roundId) throws IOException {
        if (stateDir == null) {
            return;
        }
        AtomicFiles.writeString(stateDir.resolve(STARTED_FILE), roundId + "\n");
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

    /** Counts round {@code roundId} as over (either way); {@link #checkpoint} then saves it. */
    void roundDone(long roundId) {
        roundsDone = roundId;
    }

    /** Saves the rounds done, the global model and the strategy's state (nothing without a state folder). */
    void checkpoint() throws IOException {
        if (store != null) {
            store.save(new Checkpoint(roundsDone, globalModel(), strategy.name(), strategy.state()));
        }
    }
}
