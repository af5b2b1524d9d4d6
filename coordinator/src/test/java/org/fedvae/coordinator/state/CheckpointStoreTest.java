package org.fedvae.coordinator.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    private static ModelParameters model(float v) {
        ModelSpec spec = ModelSpec.of(new TensorSpec("w", new int[] {2, 2}));
        return ModelParameters.of(spec, new float[] {v, v + 1, v + 2, v + 3});
    }

    @Test
    void freshFolderHasNoCheckpoint() throws IOException {
        assertTrue(new CheckpointStore(dir.resolve("state")).latest().isEmpty());
    }

    @Test
    void latestCheckpointRoundTripsAndOldOnesArePruned() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        for (int r = 1; r <= 4; r++) {
            store.save(
                    new Checkpoint(r, model(r), "fedadam", Map.of("m", new float[] {r, r}, "v", new float[] {1, 2})));
        }
        Checkpoint cp = store.latest().orElseThrow();
        assertEquals(4, cp.completedRounds());
        assertTrue(model(4).bitEquals(cp.globalModel()));
        assertEquals("fedadam", cp.strategy());
        assertArrayEquals(new float[] {4, 4}, cp.strategyState().get("m"));
        assertArrayEquals(new float[] {1, 2}, cp.strategyState().get("v"));
        try (var list = Files.list(dir)) {
            assertEquals(
                    CheckpointStore.KEEP,
                    list.filter(p -> p.getFileName().toString().startsWith("round-"))
                            .count());
        }
    }

    @Test
    void statelessStrategyStoresNoStateFile() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(new Checkpoint(1, model(0), "fedavg", Map.of()));
        assertTrue(store.latest().orElseThrow().strategyState().isEmpty());
    }

    @Test
    void aCrashMidWriteLeavesThePreviousCheckpoint() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(new Checkpoint(1, model(1), "fedavg", Map.of()));
        // What a crash during the next save leaves behind: a partial folder LATEST does not name.
        Path partial = Files.createDirectories(dir.resolve("round-00000002.partial-123"));
        Files.writeString(partial.resolve("global-model.fvae"), "half");
        assertEquals(1, store.latest().orElseThrow().completedRounds());
        store.save(new Checkpoint(2, model(2), "fedavg", Map.of()));
        assertEquals(2, store.latest().orElseThrow().completedRounds());
        assertTrue(Files.notExists(partial));
    }

    @Test
    void corruptedCheckpointIsAClearError() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(new Checkpoint(3, model(3), "fedavg", Map.of()));
        Path file = dir.resolve("round-00000003/global-model.fvae");
        byte[] b = Files.readAllBytes(file);
        b[b.length - 40] ^= 0x10;
        Files.write(file, b);
        IOException e = assertThrows(IOException.class, store::latest);
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
}
