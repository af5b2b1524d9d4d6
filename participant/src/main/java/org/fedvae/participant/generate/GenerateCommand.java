package org.fedvae.participant.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.fedvae.participant.vae.ClassSampler;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedvae-participant generate}: labelled synthetic images from a conditional VAE's model
 * file, so that a site can hand out data instead of its images.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate labelled images of a class (or of every class) from a conditional VAE (cvae) "
                + "model file, as PNG files (one sub-folder per class) or IDX files (images and labels).")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The cvae model file (.fvae).")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write into.")
    Path out;

    @Option(
            names = "--count",
            defaultValue = "100",
            paramLabel = "N",
            description = "Images per class (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--class",
            paramLabel = "K",
            description = "Only this class, 0 to classes-1 (default: every class).")
    Integer onlyClass;

    @Option(
            names = "--format",
            defaultValue = "png",
            description = "png (DIR/<class>/<n>.png, loadable as an image folder) or idx "
                    + "(DIR/train-images-idx3-ubyte and DIR/train-labels-idx1-ubyte) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the latent draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("png") && !format.equals("idx")) {
            throw new IllegalArgumentException("--format must be png or idx, got " + format);
        }
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        Vae cvae = load(model);
        int classes = cvae.config().labelCount();
        int[] which;
        if (onlyClass == null) {
            which = IntStream.range(0, classes).toArray();
        } else if (onlyClass < 0 || onlyClass >= classes) {
            throw new IllegalArgumentException("--class " + onlyClass + " is not a class of this model: it has "
                    + classes + " (0 to " + (classes - 1) + ")");
        } else {
            which = new int[] {onlyClass};
        }
        int side = side(cvae.config());
        int[] labels = ClassSampler.labels(which, count);
        float[] pixels = ClassSampler.generate(cvae, labels, seed);
        Files.createDirectories(out);
        if (format.equals("png")) {
            GeneratedImages.writePngs(pixels, labels, classes, side, out);
        } else {
            GeneratedImages.writeIdx(pixels, labels, side, out);
        }
        spec.commandLine()
                .getOut()
                .println("Wrote " + labels.length + " images (" + count + " per class, "
                        + (onlyClass == null ? "classes 0-" + (classes - 1) : "class " + onlyClass) + ") as " + format
                        + " in " + out);
        return 0;
    }

    /** The model in {@code file}, which must be a cvae; clear errors for anything else. */
    static Vae load(Path file) throws IOException {
        ModelParameters params;
        try {
            params = ModelFile.read(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such model file", e);
        }
        VaeConfig config;
        try {
            config = VaeLayout.configOf(params.spec());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (!config.conditional()) {
            throw new IllegalArgumentException(file + " holds a plain VAE, which has no classes to generate; "
                    + "generate needs a conditional model (init-model, run or centralized with --model cvae)");
        }
        return new Vae(config, params);
    }

    private static int side(VaeConfig config) {
        int side = (int) Math.round(Math.sqrt(config.inputSize()));
        if (side * side != config.inputSize()) {
            throw new IllegalArgumentException("the model's " + config.inputSize() + " inputs are not a square image");
        }
        return side;
    }
}
