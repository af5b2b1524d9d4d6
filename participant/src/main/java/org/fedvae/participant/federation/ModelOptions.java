package org.fedvae.participant.federation;

import org.fedvae.participant.vae.VaeConfig;
import picocli.CommandLine.Option;

/**
 * {@code --model vae|cvae} and {@code --classes N}: which model a command makes, the plain VAE or
 * the conditional VAE over N classes. Shared by init-model, centralized and run. Only the model a
 * federation starts from needs it: participants read the kind from the model's spec.
 */
public final class ModelOptions {

    /** Classes of a cvae unless --classes says otherwise: MNIST's and Fashion-MNIST's ten. */
    public static final int DEFAULT_CLASSES = 10;

    @Option(
            names = "--model",
            defaultValue = "vae",
            paramLabel = "KIND",
            description = "vae (the plain VAE) or cvae (conditioned on the image's label) (default: ${DEFAULT-VALUE}).")
    String model = "vae";

    @Option(
            names = "--classes",
            paramLabel = "N",
            description = "Classes of a cvae: labels 0 to N-1 (default: " + DEFAULT_CLASSES + ").")
    Integer classes;

    /** {@code base} as the chosen kind: its label count 0 for vae, the classes for cvae. */
    public VaeConfig apply(VaeConfig base) {
        switch (model) {
            case "vae":
                if (classes != null) {
                    throw new IllegalArgumentException("--classes applies to --model cvae only");
                }
                return base.withLabelCount(0);
            case "cvae":
                int n = classes == null ? DEFAULT_CLASSES : classes;
                if (n < 2) {
                    throw new IllegalArgumentException("--classes must be at least 2, got " + n);
                }
                return base.withLabelCount(n);
            default:
                throw new IllegalArgumentException("--model must be vae or cvae, got " + model);
        }
    }

    /** The kind's name, for configs and messages. */
    public String kind() {
        return model;
    }
}
