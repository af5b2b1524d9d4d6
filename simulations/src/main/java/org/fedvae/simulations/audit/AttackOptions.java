package org.fedvae.simulations.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How hard the attacks try and how they are measured: the audit's options that are not about training. */
final class AttackOptions {

    @Option(
            names = "--loss-samples",
            defaultValue = "32",
            description = "Latent samples per image in the loss attack (default: ${DEFAULT-VALUE}).")
    int lossSamples;

    @Option(
            names = "--reconstruction-repeats",
            defaultValue = "100",
            description = "Encode/decode repeats per image in the reconstruction attack (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--reference-images",
            description = "Images (disjoint from members and non-members) the calibrated attack's reference model "
                    + "trains on; 0 skips that attack (default: as many as members).")
    Integer referenceImages;

    @Option(
            names = "--reference-epochs",
            defaultValue = "100",
            description = "Epochs of the reference model's centralized training (default: ${DEFAULT-VALUE}).")
    int referenceEpochs;

    @Option(
            names = "--guess-size",
            defaultValue = "100",
            description = "Members and non-members per draw of the balanced accuracy test (default: ${DEFAULT-VALUE}).")
    int guessSize;

    @Option(
            names = "--guess-draws",
            defaultValue = "50",
            description = "Seeded draws the balanced accuracy is averaged over (default: ${DEFAULT-VALUE}).")
    int guessDraws;

    @Option(
            names = "--confidence",
            defaultValue = "0.95",
            description = "Confidence of the DP check and of the empirical epsilon (default: ${DEFAULT-VALUE}).")
    double confidence;

    /** The reference set's size for an audit of {@code members} members. */
    int referenceImages(int members) {
        return referenceImages == null ? members : referenceImages;
    }

    /** The first option out of range, if any. */
    Optional<String> problem() {
        if (lossSamples < 1) {
            return Optional.of("--loss-samples must be at least 1, got " + lossSamples);
        }
        if (repeats < 1) {
            return Optional.of("--reconstruction-repeats must be at least 1, got " + repeats);
        }
        if (referenceImages != null && referenceImages < 0) {
            return Optional.of("--reference-images must be at least 0, got " + referenceImages);
        }
        if (referenceEpochs < 1) {
            return Optional.of("--reference-epochs must be at least 1, got " + referenceEpochs);
        }
        if (guessSize < 1 || guessDraws < 1) {
            return Optional.of("--guess-size and --guess-draws must be at least 1");
        }
        if (!(confidence > 0 && confidence < 1)) {
            return Optional.of("--confidence must be in (0, 1), got " + confidence);
        }
        return Optional.empty();
    }

    void addTo(ObjectNode config, int members) {
        config.put("loss_samples", lossSamples)
                .put("reconstruction_repeats", repeats)
                .put("reference_images", referenceImages(members))
                .put("reference_epochs", referenceEpochs)
                .put("guess_size", guessSize)
                .put("guess_draws", guessDraws)
                .put("confidence", confidence);
    }
}
