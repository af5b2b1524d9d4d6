package org.fedvae.simulations.audit;

import java.io.PrintStream;
import java.util.Locale;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.random.Seeds;
import org.fedvae.simulations.Progress;

/**
 * The calibrated attack's reference: the same VAE trained centrally on images from the same
 * distribution that are neither members nor scored, as an attacker with similar data could. It
 * tells how well a model fits an image it never saw, i.e. how hard the image is.
 */
final class ReferenceModel {

    private ReferenceModel() {}

    /** Trains on {@code images} for {@code epochs} with the federation's batch size and learning rate. */
    static AttackSuite.Reference train(
            ImageSet images, int epochs, RoundPolicy.Training training, long seed, PrintStream console) {
        String description = String.format(
                Locale.ROOT,
                "trained centrally on %d other images, %d epochs, batch %d",
                images.size(),
                epochs,
                training.batchSize());
        console.println("Reference model: " + description);
        Vae vae = new Vae(
                VaeConfig.defaults(seed).withBatchSize(training.batchSize()).withLearningRate(training.learningRate()));
        Progress progress = new Progress("reference model", epochs);
        for (int e = 0; e < epochs; e++) {
            vae.trainEpoch(images, Seeds.mix(seed, e));
            progress.update(e + 1);
        }
        return new AttackSuite.Reference(vae.parameters(), description);
    }
}
