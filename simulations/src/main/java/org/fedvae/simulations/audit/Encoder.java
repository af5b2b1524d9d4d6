package org.fedvae.simulations.audit;

import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.model.ModelParameters;

/**
 * The encoder half of a released model, evaluated from its parameters as any holder of the
 * model file could: h = relu(W1 x + b1), mu = Wmu h + bmu, logvar = Wlv h + blv. The VAE class
 * exposes only whole passes; the reconstruction attack needs the latent distribution itself,
 * and then decodes with the model's own decoder.
 */
final class Encoder {

    /** The latent distribution of one image: N(mu, exp(logvar)). */
    record Latent(double[] mu, double[] logvar) {}

    private final int input;
    private final int hidden;
    private final int latent;
    private final float[] w1;
    private final float[] b1;
    private final float[] wMu;
    private final float[] bMu;
    private final float[] wLogvar;
    private final float[] bLogvar;

    Encoder(VaeConfig config, ModelParameters model) {
        input = config.inputSize();
        hidden = config.hiddenSize();
        latent = config.latentSize();
        w1 = model.tensorValues(VaeLayout.ENC_FC1_WEIGHT);
        b1 = model.tensorValues(VaeLayout.ENC_FC1_BIAS);
        wMu = model.tensorValues(VaeLayout.ENC_MU_WEIGHT);
        bMu = model.tensorValues(VaeLayout.ENC_MU_BIAS);
        wLogvar = model.tensorValues(VaeLayout.ENC_LOGVAR_WEIGHT);
        bLogvar = model.tensorValues(VaeLayout.ENC_LOGVAR_BIAS);
    }

    /** Encodes the image at {@code offset} of {@code pixels} (inputSize values). */
    Latent encode(float[] pixels, int offset) {
        double[] h = new double[hidden];
        for (int o = 0; o < hidden; o++) {
            double s = b1[o];
            int row = o * input;
            for (int i = 0; i < input; i++) {
                s += w1[row + i] * pixels[offset + i];
            }
            h[o] = Math.max(0, s);
        }
        return new Latent(dense(wMu, bMu, h), dense(wLogvar, bLogvar, h));
    }

    private double[] dense(float[] w, float[] b, double[] h) {
        double[] out = new double[latent];
        for (int o = 0; o < latent; o++) {
            double s = b[o];
            int row = o * hidden;
            for (int i = 0; i < hidden; i++) {
                s += w[row + i] * h[i];
            }
            out[o] = s;
        }
        return out;
    }
}
