package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        description = "Write a freshly initialised reference VAE (652,824 parameters), or its conditional variant "
                + "(--model cvae), for 'fedvae-coordinator serve --model'.")
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

    @Mixin
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() throws IOException {
        ModelParameters initial = new Vae(this.model.apply(VaeConfig.defaults(seed))).parameters();
        ModelFile.write(initial, out);
        spec.commandLine()
                .getOut()
                .println("Wrote " + out + ": " + VaeLayout.kind(initial.spec()) + ", " + initial.size()
                        + " parameters, seed " + seed);
        return 0;
    }
}
