package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir
    Path dir;

    private static RoundMetrics aborted(long round) {
        return new RoundMetrics(
                round,
                true,
                List.of("a", "b", "c"),
                3,
                List.of(),
                Optional.of(new RoundAbort(RoundAbort.Cause.BELOW_THRESHOLD, "share_keys", "1 of 3, threshold 3")),
                Optional.empty(),
                0,
                Double.NaN,
                0,
                0,
                10,
                20,
                Map.of("advertise_keys", 0.5),
                1.0);
    }

    @Test
    void abortCodeColumnHoldsTheCauseAndTheFreeTextColumnTheWholeReason() throws Exception {
        try (MetricsLog log = new MetricsLog(dir)) {
            log.record(aborted(1));
        }
        List<String> lines = Files.readAllLines(dir.resolve(MetricsLog.FILE));
        assertTrue(lines.get(0).endsWith(",aborted,abort_code"), lines.get(0));
        assertTrue(
                lines.get(1).endsWith(",\"BELOW_THRESHOLD in share_keys: 1 of 3, threshold 3\",BELOW_THRESHOLD"),
                lines.get(1));
    }

    @Test
    void aStateFolderFromBeforeTheAbortCodeColumnResumesIntoTheSameFile() throws Exception {
        String oldHeader = String.join(",", MetricsLog.COLUMNS.subList(0, MetricsLog.COLUMNS.size() - 1));
        String oldRow = "1,true,3,3,3,100.0000,30,1,2,,,,,,,1.0000,0,";
        Files.writeString(dir.resolve(MetricsLog.FILE), oldHeader + "\n" + oldRow + "\n", StandardCharsets.UTF_8);
        try (MetricsLog log = new MetricsLog(dir)) {
            log.record(aborted(2));
        }
        List<String> lines = Files.readAllLines(dir.resolve(MetricsLog.FILE));
        assertEquals(String.join(",", MetricsLog.COLUMNS), lines.get(0));
        assertEquals(oldRow + ",", lines.get(1));
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("2,true,3,3,0,"), lines.get(2));
    }
}
