package org.fedvae.simulations.federation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.fedvae.participant.data.Datasets;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.vae.ImageGrid;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.model.ModelParameters;

/**
 * Scores each round's global model on the whole test set and draws its samples, on a thread of
 * its own so the coordinator's round thread never waits for it. Only a simulation can do this:
 * it holds every site's data; a real coordinator sees only the federated evaluation.
 */
final class CentralEvaluator implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "central-evaluator");
        t.setDaemon(true);
        return t;
    });
    private final ImageSet test;
    private final VaeConfig config;
    private final Path samplesDir;
    private Vae vae; // made on the evaluator thread: ND4J state stays on one thread

    CentralEvaluator(ImageSet test, VaeConfig config, Path samplesDir) {
        this.test = test;
        this.config = config;
        this.samplesDir = samplesDir;
    }

    /** The model's mean test loss per image; also writes samples/round-NNN.png. */
    CompletableFuture<Double> evaluate(long round, ModelParameters model) {
        return CompletableFuture.supplyAsync(
                () -> {
                    Vae v = vae();
                    v.setParameters(model);
                    try {
                        Files.createDirectories(samplesDir);
                        ImageGrid.writeSamples(
                                v, Datasets.SIDE, Datasets.SIDE, config.seed(), samplesDir.resolve(samplesFile(round)));
                    } catch (IOException e) {
                        throw new IllegalStateException(
                                "cannot write samples of round " + round + ": " + e.getMessage(), e);
                    }
                    return v.evaluate(test);
                },
                thread);
    }

    /** The samples PNG of the model after {@code round}, in the samples folder. */
    static String samplesFile(long round) {
        return String.format("round-%03d.png", round);
    }

    /** Writes the reconstructions of the test images by {@code model}. */
    CompletableFuture<Void> reconstructions(ModelParameters model, Path png) {
        return CompletableFuture.runAsync(
                () -> {
                    Vae v = vae();
                    v.setParameters(model);
                    try {
                        ImageGrid.writeReconstructions(v, test, png);
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot write " + png + ": " + e.getMessage(), e);
                    }
                },
                thread);
    }

    private Vae vae() {
        if (vae == null) {
            vae = new Vae(config);
        }
        return vae;
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
