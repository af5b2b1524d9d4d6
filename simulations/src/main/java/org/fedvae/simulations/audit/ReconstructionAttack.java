package org.fedvae.simulations.audit;

import java.util.Random;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.vae.Vae;
import org.fedvae.simulations.Progress;

/**
 * The Monte Carlo reconstruction attack of Hilprecht, Haerterich and Bernau (PoPETs 2019) on a
 * VAE: encode the image, draw {@code repeats} latents from its posterior, decode each, and score
 * = minus the mean Euclidean distance between the image and its reconstructions (members are
 * reconstructed more faithfully). The noise is seeded and the same for every image.
 */
final class ReconstructionAttack implements MembershipAttack {

    private static final int IMAGES_PER_DECODE = 16; // batches of latents for the decoder's GEMMs

    private final Vae vae;
    private final Encoder encoder;
    private final int repeats;
    private final double[][] noise;

    ReconstructionAttack(Vae vae, Encoder encoder, int repeats, long seed) {
        if (repeats < 1) {
            throw new IllegalArgumentException("need at least one reconstruction per image, got " + repeats);
        }
        this.vae = vae;
        this.encoder = encoder;
        this.repeats = repeats;
        int latent = vae.config().latentSize();
        Random rng = new Random(seed);
        noise = new double[repeats][latent];
        for (double[] row : noise) {
            for (int k = 0; k < latent; k++) {
                row[k] = rng.nextGaussian();
            }
        }
    }

    @Override
    public String name() {
        return "reconstruction";
    }

    @Override
    public String describe() {
        return "mean Euclidean reconstruction distance, " + repeats + " encode/decode repeats per image";
    }

    @Override
    public double[] scores(ImageSet images, Progress progress) {
        int in = images.imageSize();
        int latent = vae.config().latentSize();
        double[] out = new double[images.size()];
        for (int from = 0; from < out.length; from += IMAGES_PER_DECODE) {
            int count = Math.min(IMAGES_PER_DECODE, out.length - from);
            float[] pixels = new float[count * in];
            float[] z = new float[count * repeats * latent];
            for (int c = 0; c < count; c++) {
                images.copyImage(from + c, pixels, c * in);
                Encoder.Latent q = encoder.encode(pixels, c * in);
                for (int r = 0; r < repeats; r++) {
                    int base = (c * repeats + r) * latent;
                    for (int k = 0; k < latent; k++) {
                        z[base + k] = (float) (q.mu()[k] + Math.exp(0.5 * q.logvar()[k]) * noise[r][k]);
                    }
                }
            }
            float[] decoded = vae.decode(z);
            for (int c = 0; c < count; c++) {
                double sum = 0;
                for (int r = 0; r < repeats; r++) {
                    sum += distance(pixels, c * in, decoded, (c * repeats + r) * in, in);
                }
                out[from + c] = -sum / repeats;
            }
            progress.update(from + count);
        }
        return out;
    }

    private static double distance(float[] a, int aFrom, float[] b, int bFrom, int length) {
        double s = 0;
        for (int i = 0; i < length; i++) {
            double d = a[aFrom + i] - b[bFrom + i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
