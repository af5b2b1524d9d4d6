package org.fedvae.simulations.federation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedvae.coordinator.metrics.CsvLog;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.simulations.Json;
import org.fedvae.simulations.LossPlot;

/** The files a run writes into its folder besides the sites' own: what was asked and what came out. */
final class RunOutputs {

    private RunOutputs() {}

    /** What config.json records of the run. */
    static ObjectNode config(SimulationSettings s, String transport) {
        return Json.object()
                .put("command", "run")
                .put("participants", s.participants())
                .put("rounds", s.rounds())
                .put("local_epochs", s.training().localEpochs())
                .put("cohort", s.cohort().fraction())
                .put("cohort_size", s.cohort().size())
                .put("threshold", s.cohort().threshold())
                .put("partition", s.partition().describe())
                .put("dropout", s.dropout())
                .put("stragglers", s.stragglers())
                .put("straggler_delay_s", s.stragglerDelay().toSeconds())
                .put("strategy", s.strategy())
                .put("server_lr", s.serverLearningRate())
                .put("secure_aggregation", s.secureAggregation())
                .put("dataset", s.dataset())
                .put("seed", s.seed())
                .put("transport", transport)
                .put("processes", s.processes())
                .put("training_threads", s.trainingThreads())
                .put("stage_timeout_s", s.deadlines().keyStage().toSeconds())
                .put("training_timeout_s", s.deadlines().training().toSeconds())
                .put("learning_rate", s.training().learningRate())
                .put("batch_size", s.training().batchSize())
                .put("kl_beta", s.training().klBeta())
                .put("clip_range", s.encoding().clipRange())
                .put("max_weight", s.encoding().maxWeight())
                .put("dp_epsilon", s.privacy() == null ? null : s.privacy().epsilon())
                .put("dp_delta", s.privacy() == null ? null : s.privacy().delta())
                .put("dp_clip", s.privacy() == null ? null : s.privacy().clipNorm())
                .put("dp_batch_size", s.privacy() == null ? null : s.privacy().batchSize())
                .put(
                        "dp_planned_rounds",
                        s.privacy() == null ? null : s.privacy().plannedRounds())
                .put(
                        "client_dp_epsilon",
                        s.clientDp() == null ? null : s.clientDp().budget().epsilon())
                .put(
                        "client_dp_delta",
                        s.clientDp() == null ? null : s.clientDp().budget().delta())
                .put(
                        "client_dp_clip",
                        s.clientDp() == null ? null : s.clientDp().clip());
    }

    /** metrics.csv, loss.png, final-model.fvae and summary.json of a finished run; {@code c} may be null. */
    static void write(Path dir, SimulationSettings s, SimulationResult r, SecAggComparison c) throws IOException {
        List<Number> x = new ArrayList<>();
        List<Number> y = new ArrayList<>();
        List<Number> fed = new ArrayList<>();
        try (CsvLog csv = new CsvLog(
                dir.resolve("metrics.csv"),
                List.of(
                        "round",
                        "completed",
                        "cohort",
                        "survivors",
                        "dropped",
                        "test_loss",
                        "federated_test_loss",
                        "bytes_up",
                        "bytes_down",
                        "clipped",
                        "seconds",
                        "abort_code",
                        "abort_reason"))) {
            for (RoundRecord rec : r.rounds()) {
                var m = rec.metrics();
                csv.row(
                        m.roundId(),
                        m.completed(),
                        m.cohort().size(),
                        m.survivors().size(),
                        rec.dropped(),
                        rec.centralTestLoss(),
                        m.testLoss(),
                        m.bytesIn(),
                        m.bytesOut(),
                        m.clippedCoordinates(),
                        m.seconds(),
                        m.abort().map(a -> a.cause().name()).orElse(""),
                        m.abortReason().orElse(""));
                x.add(m.roundId());
                y.add(rec.centralTestLoss());
                fed.add(m.testLoss());
            }
        }
        LossPlot.write(
                dir.resolve("loss.png"),
                "FedVAE: " + s.participants() + " sites, " + s.partition().describe() + ", " + s.strategy(),
                "round",
                List.of(
                        new LossPlot.Series("test loss of the new model (whole test set)", x, y),
                        new LossPlot.Series("loss of the round's starting model, measured at the sites", x, fed)));
        ModelFile.write(r.finalModel(), dir.resolve("final-model.fvae"));
        ObjectNode summary = Json.object()
                .put("final_test_loss", r.finalTestLoss())
                .put("rounds", r.rounds().size())
                .put("participants", s.participants())
                .put("secure_aggregation", s.secureAggregation())
                .put("partition", s.partition().describe())
                .put("strategy", s.strategy())
                .put("local_epochs", s.training().localEpochs())
                .put("wall_seconds", r.wallSeconds())
                .put("bytes_up_per_participant_round", r.bytesUpPerParticipantRound())
                .put("raw_update_bytes", 4L * r.finalModel().size())
                .put("dropped_total", r.droppedTotal())
                .put("aborted_rounds", r.abortedRounds())
                .put("heap_mb_per_participant", r.heapBytesPerParticipant() / 1e6)
                .put("secagg_wall_ratio", c == null ? null : c.wallRatio())
                .put("secagg_bytes_ratio", c == null ? null : c.bytesRatio())
                .put("secagg_vs_plain_max_abs_diff", c == null ? null : c.maxAbsDiff())
                .put("secagg_vs_plain_bound", c == null ? null : c.bound());
        Files.writeString(dir.resolve("summary.json"), Json.pretty(summary), StandardCharsets.UTF_8);
    }
}
