package org.fedvae.simulations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedvae.coordinator.metrics.CsvLog;
import org.fedvae.participant.data.Datasets;
import org.fedvae.participant.data.LocalData;
import org.fedvae.participant.federation.ModelOptions;
import org.fedvae.participant.vae.EpochStats;
import org.fedvae.participant.vae.ImageGrid;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.random.Seeds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The centralized baseline: the reference VAE trained on the whole training set in one place,
 * the quality a federation is measured against.
 */
@Command(
        name = "centralized",
        mixinStandardHelpOptions = true,
        description = "Train the VAE on one machine's whole dataset: the baseline a federation is compared with.")
public final class CentralizedCommand implements Callable<Integer> {

    @Option(names = "--epochs", defaultValue = "10", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--out", description = "Output folder (default: runs/centralized-<timestamp>).")
    Path out;

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "mnist, fashion-mnist, or a folder of IDX files or images (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of initialisation, shuffling and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch-size", defaultValue = "128", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--beta", defaultValue = "1", description = "Weight of the KL term (default: ${DEFAULT-VALUE}).")
    double beta;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() throws IOException {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        VaeConfig config = VaeConfig.defaults(seed)
                .withBatchSize(batchSize)
                .withLearningRate(learningRate)
                .withBeta(beta);
        config = model.apply(config);
        LocalData data = Datasets.load(dataset);
        Path dir = RunFolder.prepare(out, "centralized");
        System.out.printf(
                Locale.ROOT,
                "Centralized baseline: %s, %s, %d training and %d test images, %d parameters, %d epochs%n",
                VaeLayout.kind(VaeLayout.spec(config)),
                data.description(),
                data.train().size(),
                data.test().size(),
                VaeLayout.parameterCount(config),
                epochs);
        Files.writeString(
                dir.resolve("config.json"),
                Json.pretty(Json.object()
                        .put("command", "centralized")
                        .put("model", model.kind())
                        .put("classes", config.labelCount())
                        .put("dataset", dataset)
                        .put("epochs", epochs)
                        .put("seed", seed)
                        .put("batch_size", batchSize)
                        .put("learning_rate", learningRate)
                        .put("beta", beta)),
                StandardCharsets.UTF_8);

        long runStart = System.nanoTime();
        Vae vae = new Vae(config);
        double trainSeconds = 0;
        long trainedImages = 0;
        double testLoss = Double.NaN;
        try (CsvLog metrics = new CsvLog(
                dir.resolve("metrics.csv"),
                List.of("epoch", "train_loss", "test_loss", "images_per_second", "epoch_seconds"))) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                Progress progress = new Progress(String.format("epoch %d/%d", epoch, epochs), 1);
                long start = System.nanoTime();
                EpochStats stats = vae.trainEpoch(
                        data.train(), Seeds.mix(seed, epoch), (done, total) -> progress.update(done, total));
                double seconds = (System.nanoTime() - start) / 1e9;
                trainSeconds += seconds;
                trainedImages += stats.images();
                testLoss = vae.evaluate(data.test());
                double ips = stats.images() / seconds;
                System.out.printf(
                        Locale.ROOT,
                        "epoch %2d/%d  train loss %8.3f  test loss %8.3f  %7.0f images/s%n",
                        epoch,
                        epochs,
                        stats.meanLoss(),
                        testLoss,
                        ips);
                metrics.row(epoch, stats.meanLoss(), testLoss, ips, seconds);
            }
        }
        ModelFile.write(vae.parameters(), dir.resolve("model.fvae"));
        ImageGrid.writeSamples(vae, Datasets.SIDE, Datasets.SIDE, seed, dir.resolve("samples.png"));
        ImageGrid.writeReconstructions(vae, data.test(), dir.resolve("reconstructions.png"));
        double throughput = trainedImages / trainSeconds;
        Files.writeString(
                dir.resolve("summary.json"),
                Json.pretty(Json.object()
                        .put("final_test_loss", testLoss)
                        .put("model", model.kind())
                        .put("images_per_second", throughput)
                        .put("epochs", epochs)
                        .put("dataset", dataset)
                        .put("train_images", data.train().size())
                        .put("test_images", data.test().size())
                        .put("parameters", VaeLayout.parameterCount(config))
                        .put("seed", seed)
                        .put("wall_seconds", (System.nanoTime() - runStart) / 1e9)),
                StandardCharsets.UTF_8);
        System.out.printf(
                Locale.ROOT, "final test loss %.3f nats per image, %.0f training images/s%n", testLoss, throughput);
        System.out.println("wrote " + dir.toAbsolutePath()
                + ": metrics.csv, summary.json, samples.png, reconstructions.png, model.fvae, config.json");
        return 0;
    }
}
