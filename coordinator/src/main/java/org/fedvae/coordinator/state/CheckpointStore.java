package org.fedvae.coordinator.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.fedvae.protocol.io.AtomicFiles;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;

/**
 * The coordinator's state folder. Each checkpoint is written whole into a fresh folder
 * {@code round-NNNNNNNN}, then the {@code LATEST} file is replaced atomically to name it, so a
 * crash at any moment leaves the previous checkpoint intact and readable. Older checkpoints
 * beyond the newest {@value #KEEP} are removed.
 */
public final class CheckpointStore {

    static final int KEEP = 2;
    private static final String LATEST = "LATEST";
    private static final String MODEL = "global-model.fvae";
    private static final String STRATEGY = "strategy-state.fvae";
    private static final String INFO = "checkpoint.properties";

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public void save(Checkpoint cp) throws IOException {
        Files.createDirectories(dir);
        String name = String.format("round-%08d", cp.completedRounds());
        Path target = dir.resolve(name);
        Path staging = Files.createTempDirectory(dir, name + ".partial-");
        try {
            ModelFile.write(cp.globalModel(), staging.resolve(MODEL));
            if (!cp.strategyState().isEmpty()) {
                ModelFile.write(toModel(cp.strategyState()), staging.resolve(STRATEGY));
            }
            Properties info = new Properties();
            info.setProperty("completed_rounds", Long.toString(cp.completedRounds()));
            info.setProperty("strategy", cp.strategy());
            try (var out = Files.newBufferedWriter(staging.resolve(INFO), StandardCharsets.UTF_8)) {
                info.store(out, "FedVAE coordinator checkpoint");
            }
            deleteRecursively(target); // a half-finished earlier attempt at the same round
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(staging);
        }
        AtomicFiles.writeString(dir.resolve(LATEST), name + "\n");
        prune(name);
    }

    /** The newest checkpoint, or empty for a fresh state folder. */
    public Optional<Checkpoint> latest() throws IOException {
        Path pointer = dir.resolve(LATEST);
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        if (!name.matches("round-\\d{8}")) {
            throw new IOException(pointer + ": does not name a checkpoint: '" + name + "'");
        }
        Path cp = dir.resolve(name);
        Properties info = new Properties();
        try (var in = Files.newBufferedReader(cp.resolve(INFO), StandardCharsets.UTF_8)) {
            info.load(in);
        }
        String rounds = info.getProperty("completed_rounds");
        String strategy = info.getProperty("strategy");
        if (rounds == null || strategy == null) {
            throw new IOException(cp.resolve(INFO) + ": incomplete checkpoint description");
        }
        ModelParameters model = ModelFile.read(cp.resolve(MODEL));
        Map<String, float[]> state =
                Files.exists(cp.resolve(STRATEGY)) ? fromModel(ModelFile.read(cp.resolve(STRATEGY))) : Map.of();
        return Optional.of(new Checkpoint(Long.parseLong(rounds), model, strategy, state));
    }

    private static ModelParameters toModel(Map<String, float[]> state) {
        List<TensorSpec> specs = new ArrayList<>();
        int total = 0;
        List<String> names = new ArrayList<>(state.keySet());
        names.sort(Comparator.naturalOrder());
        for (String n : names) {
            specs.add(new TensorSpec(n, new int[] {state.get(n).length}));
            total += state.get(n).length;
        }
        float[] flat = new float[total];
        int off = 0;
        for (String n : names) {
            float[] v = state.get(n);
            System.arraycopy(v, 0, flat, off, v.length);
            off += v.length;
        }
        return ModelParameters.of(new ModelSpec(specs), flat);
    }

    private static Map<String, float[]> fromModel(ModelParameters m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (TensorSpec t : m.spec().tensors()) {
            out.put(t.name(), m.tensorValues(t.name()));
        }
        return out;
    }

    private void prune(String newest) throws IOException {
        List<Path> rounds = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "round-*")) {
            ds.forEach(rounds::add);
        }
        rounds.sort(Comparator.comparing(p -> p.getFileName().toString()));
        int keepFrom = rounds.size() - KEEP;
        for (int i = 0; i < rounds.size(); i++) {
            String n = rounds.get(i).getFileName().toString();
            boolean partial = n.contains(".partial-");
            if ((i < keepFrom || partial) && !n.equals(newest)) {
                deleteRecursively(rounds.get(i));
            }
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
