package org.fedvae.simulations.federation;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongToIntFunction;
import java.util.function.ObjDoubleConsumer;
import org.fedvae.coordinator.federation.FederationListener;
import org.fedvae.coordinator.federation.RoundMetrics;
import org.fedvae.protocol.model.ModelParameters;

/**
 * Listens to the coordinator for the simulation: records every round, hands each new global
 * model to the central evaluator, prints a line per round (and one per stage for federations above 255 sites), and notes the JVM heap once all
 * sites are up (round 1 starts only when every site is connected). Runs on the coordinator's
 * round thread, so it only records and hands off.
 */
final class RoundCollector implements FederationListener {

    private final CentralEvaluator evaluator;
    private final LongToIntFunction crashedIn;
    private final PrintStream out;
    private final String label;
    private final int rounds;
    private final ObjDoubleConsumer<Long> evaluated;
    private final List<RoundRecord> records = new ArrayList<>();
    private final List<CompletableFuture<Double>> losses = new ArrayList<>();
    private volatile ModelParameters firstRoundModel;
    private volatile long heapAtFirstRound;
    private final boolean stageLines;
    private long stagesOfRound; // the round whose stages are being timed, from its first stage
    private long roundStartNanos;

    /**
     * @param crashedIn sites the simulation crashed on purpose in a round
     * @param label     null for the federation itself, else what the round line calls its run
     * @param evaluated told each round's central test loss once its evaluation (and samples) are done
     */
    RoundCollector(
            CentralEvaluator evaluator,
            LongToIntFunction crashedIn,
            PrintStream out,
            String label,
            int rounds,
            ObjDoubleConsumer<Long> evaluated,
            boolean stageLines) {
        this.evaluator = evaluator;
        this.crashedIn = crashedIn;
        this.out = out;
        this.label = label;
        this.rounds = rounds;
        this.evaluated = evaluated;
        this.stageLines = stageLines;
    }

    @Override
    public void roundStarted(long roundId, List<String> cohort) {
        if (roundId == 1) {
            Runtime rt = Runtime.getRuntime();
            heapAtFirstRound = rt.totalMemory() - rt.freeMemory();
        }
    }

    /** With thousands of sites a round takes many minutes: a line per stage shows where it is. */
    @Override
    public synchronized void stageStarted(long roundId, String stage, Duration timeout) {
        if (roundId != stagesOfRound) {
            stagesOfRound = roundId;
            roundStartNanos = System.nanoTime();
        }
        if (stageLines) {
            out.printf(
                    Locale.ROOT,
                    "round %d/%d: %s stage from %.0f s (deadline %d s)%n",
                    roundId,
                    rounds,
                    stage,
                    (System.nanoTime() - roundStartNanos) / 1e9,
                    timeout.toSeconds());
        }
    }

    @Override
    public synchronized void roundFinished(RoundMetrics m, ModelParameters globalModel) {
        if (m.roundId() == 1) {
            firstRoundModel = globalModel;
        }
        int dropped = m.completed() ? m.cohort().size() - m.survivors().size() : crashedIn.applyAsInt(m.roundId());
        CompletableFuture<Double> loss = evaluator.evaluate(m.roundId(), globalModel);
        losses.add(loss);
        records.add(new RoundRecord(m, Double.NaN, dropped));
        loss.thenAccept(l -> {
            evaluated.accept(m.roundId(), l);
            out.println(RoundLine.of(label, m, rounds, l));
        });
    }

    /** Every round with its central test loss, waiting for the evaluations still running. */
    synchronized List<RoundRecord> rounds() {
        List<RoundRecord> done = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RoundRecord r = records.get(i);
            done.add(new RoundRecord(r.metrics(), losses.get(i).join(), r.dropped()));
        }
        return done;
    }

    ModelParameters firstRoundModel() {
        return firstRoundModel;
    }

    long heapAtFirstRound() {
        return heapAtFirstRound;
    }
}
