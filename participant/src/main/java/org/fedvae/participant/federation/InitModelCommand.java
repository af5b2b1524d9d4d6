package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedvae-participant init-model}: writes a freshly initialised VAE, the starting point of
 * a federation (the coordinator has no ND4J, so it cannot make one itself).
 */
@Command(
        name = "init-model",
        mixinStandardHelpOptions = true,
        description =
                "Write a freshly initialised reference VAE (652,824 parameters) for 'fedvae-coordinator serve --model'.")
public final class InitModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file to write.")
    Path out;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        ModelParameters model = new Vae(VaeConfig.defaults(seed)).parameters();
        ModelFile.write(model, out);
        spec.commandLine().getOut().println("Wrote " + out + ": " + model.size() + " parameters, seed " + seed);
        return 0;
    }
}
