package org.fedvae.simulations.audit;

import java.util.Arrays;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.vae.Vae;

/**
 * The loss attack (Yeom et al. 2018, for a VAE): members fit better, so score = the image's
 * ELBO, i.e. minus its loss (BCE + KL), averaged over {@code samples} latent draws. The same
 * seeded noise for every image, so images are compared on equal terms.
 */
final class LossAttack implements MembershipAttack.PerImage {

    private final Vae vae;
    private final int samples;
    private final long seed;

    /** {@code vae} holds the released model, with beta 1 so its loss is the negative ELBO. */
    LossAttack(Vae vae, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("need at least one latent sample, got " + samples);
        }
        this.vae = vae;
        this.samples = samples;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "loss";
    }

    @Override
    public String describe() {
        return "negative ELBO, " + samples + " latent samples per image";
    }

    /** The ELBO of image {@code i}: one evaluation of the image repeated gives its mean loss over the samples. */
    @Override
    public double score(ImageSet images, int i) {
        int[] copies = new int[samples];
        Arrays.fill(copies, i);
        return -vae.evaluate(images.subset(copies), seed);
    }
}
