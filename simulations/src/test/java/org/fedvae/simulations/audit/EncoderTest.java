package org.fedvae.simulations.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.junit.jupiter.api.Test;

class EncoderTest {

    @Test
    void decodingTheEncodersMeanIsTheModelsOwnReconstruction() {
        // The VAE reconstructs through its mean latent; the attack's encoder must find the same latent.
        VaeConfig config = VaeConfig.defaults(42);
        Vae vae = new Vae(config);
        Encoder encoder = new Encoder(config, vae.parameters());
        SplittableRandom r = new SplittableRandom(5);
        int images = 6;
        float[] pixels = new float[images * config.inputSize()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextDouble() < 0.8 ? 0f : (float) r.nextDouble();
        }
        float[] expected = vae.reconstruct(pixels);
        float[] means = new float[images * config.latentSize()];
        for (int i = 0; i < images; i++) {
            double[] mu = encoder.encode(pixels, i * config.inputSize()).mu();
            for (int k = 0; k < mu.length; k++) {
                means[i * config.latentSize() + k] = (float) mu[k];
            }
        }
        float[] decoded = vae.decode(means);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], decoded[i], 1e-5, "pixel " + i);
        }
    }
}
