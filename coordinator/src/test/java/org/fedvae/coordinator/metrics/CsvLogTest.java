package org.fedvae.coordinator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLogTest {

    @TempDir
    Path dir;

    @Test
    void writesHeaderOnceAndAppendsOnResume() throws IOException {
        Path f = dir.resolve("m.csv");
        try (CsvLog log = new CsvLog(f, List.of("round", "loss", "note"))) {
            log.row(1, 123.456789, "a,b");
        }
        try (CsvLog log = new CsvLog(f, List.of("round", "loss", "note"))) {
            log.row(2, Double.NaN, null);
        }
        assertEquals(List.of("round,loss,note", "1,123.4568,\"a,b\"", "2,,"), Files.readAllLines(f));
    }

    @Test
    void refusesAnotherLayoutAndWrongRowWidth() throws IOException {
        Path f = dir.resolve("m.csv");
        try (CsvLog log = new CsvLog(f, List.of("a", "b"))) {
            assertThrows(IllegalArgumentException.class, () -> log.row(1));
        }
        assertThrows(IOException.class, () -> new CsvLog(f, List.of("a", "c")));
    }
}
