package org.fedvae.coordinator.federation;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedvae.coordinator.metrics.CsvLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line and one metrics.csv row per round. */
final class MetricsLog implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);
    static final String FILE = "metrics.csv";
    static final List<String> STAGES =
            List.of("advertise_keys", "share_keys", "masked_input", "consistency_check", "unmasking", "plain_updates");
    static final List<String> COLUMNS;

    static {
        List<String> c = new ArrayList<>(List.of(
                "round",
                "secure_aggregation",
                "cohort",
                "threshold",
                "survivors",
                "test_loss",
                "test_samples",
                "bytes_in",
                "bytes_out"));
        STAGES.forEach(s -> c.add(s + "_s"));
        c.addAll(List.of("round_s", "clipped", "aborted", "abort_code"));
        COLUMNS = List.copyOf(c);
    }

    private final CsvLog csv;

    /** @param stateDir where metrics.csv goes (appended to on resume); null for none */
    MetricsLog(Path stateDir) throws IOException {
        if (stateDir != null) {
            addAbortCodeColumn(stateDir.resolve(FILE));
        }
        this.csv = stateDir == null ? null : new CsvLog(stateDir.resolve(FILE), COLUMNS);
    }

    /**
     * A state folder from before the abort_code column resumes into the same file: the column is
     * appended, empty for the old rows (their free-text column still says why).
     */
    static void addAbortCodeColumn(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String old = String.join(",", COLUMNS.subList(0, COLUMNS.size() - 1));
        if (lines.isEmpty() || !lines.get(0).equals(old)) {
            return;
        }
        List<String> updated = new ArrayList<>();
        lines.forEach(l -> updated.add(l + ","));
        updated.set(0, String.join(",", COLUMNS));
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.write(tmp, updated, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("{}: added the abort_code column", file);
    }

    void record(RoundMetrics m) throws IOException {
        String line = line(m);
        if (m.secureAggregation()) {
            LOG.info(line);
        } else {
            LOG.warn("WITHOUT SECURE AGGREGATION (--no-secagg, updates were visible to the coordinator): {}", line);
        }
        if (csv != null) {
            List<Object> row = new ArrayList<>(List.of(
                    m.roundId(),
                    m.secureAggregation(),
                    m.cohort().size(),
                    m.threshold(),
                    m.survivors().size(),
                    m.testLoss(),
                    m.testSamples(),
                    m.bytesIn(),
                    m.bytesOut()));
            for (String s : STAGES) {
                row.add(m.stageSeconds().getOrDefault(s, Double.NaN));
            }
            row.add(m.seconds());
            row.add(m.clippedCoordinates());
            row.add(m.abort().map(RoundAbort::toString).orElse(""));
            row.add(m.abort().map(a -> a.cause().name()).orElse(""));
            csv.row(row.toArray());
        }
    }

    static String line(RoundMetrics m) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "round %d %s: cohort %d, threshold %d, survivors %d, federated test loss %.3f (%d images), "
                        + "in %s, out %s, clipped %d, %.2f s [",
                m.roundId(),
                m.completed() ? "completed" : "ABORTED",
                m.cohort().size(),
                m.threshold(),
                m.survivors().size(),
                m.testLoss(),
                m.testSamples(),
                mb(m.bytesIn()),
                mb(m.bytesOut()),
                m.clippedCoordinates(),
                m.seconds()));
        String sep = "";
        for (Map.Entry<String, Double> e : m.stageSeconds().entrySet()) {
            b.append(sep).append(e.getKey()).append(String.format(Locale.ROOT, " %.2f", e.getValue()));
            sep = ", ";
        }
        b.append(']');
        m.abortReason().ifPresent(r -> b.append(": ").append(r));
        return b.toString();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
    }
}
