package org.fedvae.simulations.generated;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.fedvae.participant.data.Datasets;
import org.fedvae.participant.data.LocalData;
import org.fedvae.participant.vae.ClassSampler;
import org.fedvae.participant.vae.LabelCheck;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.simulations.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How recognisable a conditional VAE's classes are, measured: a softmax classifier trained on
 * the real training images labels images generated as each class; the share labelled as the
 * class it was generated as is that class's accuracy. The classifier's own accuracy on the real
 * test images is its ceiling.
 */
@Command(
        name = "evaluate-generated",
        mixinStandardHelpOptions = true,
        description = "Measure a cvae's generated classes: a softmax classifier trained on the real training set "
                + "labels N generated images per class; prints per-class accuracy 'generated as k, classified as k'.")
public final class EvaluateGeneratedCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "cvae model file(s) to evaluate (repeatable; one classifier judges them all).")
    List<Path> models;

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "The real images the classifier learns from (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--count", defaultValue = "1000", description = "Images per class (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--classifier-epochs",
            defaultValue = "10",
            description = "SGD epochs of the classifier (default: ${DEFAULT-VALUE}).")
    int classifierEpochs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the classifier and the latent draws.")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the results as JSON here.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || classifierEpochs < 1) {
            throw new IllegalArgumentException("--count and --classifier-epochs must be at least 1");
        }
        List<Vae> cvaes = models.stream().map(EvaluateGeneratedCommand::load).toList();
        int classes = cvaes.get(0).config().labelCount();
        LocalData data = Datasets.load(dataset);
        LabelCheck.require(data.train(), classes);
        LabelCheck.require(data.test(), classes);
        SoftmaxClassifier judge = SoftmaxClassifier.train(data.train(), classes, classifierEpochs, seed);
        double realAccuracy = judge.accuracy(data.test());
        System.out.printf(
                Locale.ROOT,
                "classifier (softmax regression, %d epochs on %d real training images): %.2f%% on the %d real test "
                        + "images%n",
                classifierEpochs,
                data.train().size(),
                100 * realAccuracy,
                data.test().size());
        double[] realPerClass = judge.perClassAccuracy(data.test());
        System.out.println("classifier on the real test images, per class:" + percentages(realPerClass));
        ObjectNode json = Json.object()
                .put("dataset", dataset)
                .put("classifier_test_accuracy", realAccuracy)
                .put("images_per_class", count)
                .put("seed", seed);
        ArrayNode real = json.putArray("classifier_test_accuracy_per_class");
        for (double v : realPerClass) {
            real.add(v);
        }
        ArrayNode results = json.putArray("models");
        for (int m = 0; m < cvaes.size(); m++) {
            Vae cvae = cvaes.get(m);
            if (cvae.config().labelCount() != classes) {
                throw new IllegalArgumentException(
                        models.get(m) + " has " + cvae.config().labelCount() + " classes, the first model " + classes);
            }
            double[] perClass = perClassAccuracy(judge, cvae, classes);
            double mean = IntStream.range(0, classes)
                    .mapToDouble(k -> perClass[k])
                    .average()
                    .orElse(Double.NaN);

            ArrayNode arr = results.addObject()
                    .put("model", models.get(m).toString())
                    .put("mean", mean)
                    .putArray("per_class");
            for (int k = 0; k < classes; k++) {
                arr.add(perClass[k]);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s: generated as k, classified as k:%s; mean %.1f%%%n",
                    models.get(m),
                    percentages(perClass),
                    100 * mean);
        }
        if (out != null) {
            Files.writeString(out, Json.pretty(json), StandardCharsets.UTF_8);
        }
        return 0;
    }

    private double[] perClassAccuracy(SoftmaxClassifier judge, Vae cvae, int classes) {
        int size = cvae.config().inputSize();
        double[] acc = new double[classes];
        for (int k = 0; k < classes; k++) {
            int[] labels = ClassSampler.labels(new int[] {k}, count);
            float[] pixels = ClassSampler.generate(cvae, labels, seed + k);
            int right = 0;
            for (int i = 0; i < count; i++) {
                if (judge.classify(pixels, i * size) == k) {
                    right++;
                }
            }
            acc[k] = (double) right / count;
        }
        return acc;
    }

    private static String percentages(double[] perClass) {
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < perClass.length; k++) {
            line.append(String.format(Locale.ROOT, " %d:%5.1f%%", k, 100 * perClass[k]));
        }
        return line.toString();
    }

    private static Vae load(Path file) {
        try {
            ModelParameters params = ModelFile.read(file);
            VaeConfig config = VaeLayout.configOf(params.spec());
            if (!config.conditional()) {
                throw new IllegalArgumentException(file + " holds a plain VAE: only a cvae generates given classes");
            }
            return new Vae(config, params);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
