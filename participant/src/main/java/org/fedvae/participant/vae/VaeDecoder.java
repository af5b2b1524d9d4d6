package org.fedvae.participant.vae;

/**
 * The decoder side of a {@link Vae} for pictures and synthetic data: latent vectors to images,
 * and images to their deterministic reconstructions, in batches on the model's passes. For a
 * conditional VAE every image comes with its label.
 */
final class VaeDecoder {

    private final Vae vae;
    private final VaeConfig config;
    private final float[] staging; // one batch of latents or pixels, in and out
    private final int[] labelStaging;

    VaeDecoder(Vae vae) {
        this.vae = vae;
        this.config = vae.config();
        this.staging = new float[config.batchSize() * Math.max(config.inputSize(), config.latentSize())];
        this.labelStaging = new int[config.batchSize()];
    }

    /** Image i decoded from latent vector i, as class {@code labels[i]} (null for the plain VAE). */
    float[] decode(float[] z, int[] labels) {
        int lat = config.latentSize();
        int in = config.inputSize();
        if (z.length % lat != 0) {
            throw new IllegalArgumentException(z.length + " values are not whole latent vectors of " + lat);
        }
        int count = z.length / lat;
        requireLabels(labels, count);
        float[] result = new float[count * in];
        for (int from = 0; from < count; from += config.batchSize()) {
            int rows = Math.min(config.batchSize(), count - from);
            int first = from;
            VaeBatchPass pass = vae.pass(rows);
            System.arraycopy(z, from * lat, staging, 0, rows * lat);
            vae.inWorkspace(() -> {
                NdCopy.load(staging, rows * lat, pass.z);
                loadLabels(pass, labels, first);
                pass.decodeLatents(vae.tensors());
                pass.decodedPixels();
                NdCopy.store(pass.out, staging, rows * in);
            });
            System.arraycopy(staging, 0, result, from * in, rows * in);
        }
        return result;
    }

    /** Each image encoded to its mean latent (no sampling) and decoded, given its label (cvae). */
    float[] reconstruct(float[] pixels, int[] labels) {
        int in = config.inputSize();
        if (pixels.length % in != 0) {
            throw new IllegalArgumentException(pixels.length + " values are not whole images of " + in + " pixels");
        }
        int count = pixels.length / in;
        requireLabels(labels, count);
        float[] result = new float[pixels.length];
        for (int from = 0; from < count; from += config.batchSize()) {
            int rows = Math.min(config.batchSize(), count - from);
            int first = from;
            VaeBatchPass pass = vae.pass(rows);
            System.arraycopy(pixels, from * in, staging, 0, rows * in);
            vae.inWorkspace(() -> {
                pass.loadImages(staging);
                loadLabels(pass, labels, first);
                pass.zeroNoise();
                pass.forward(vae.tensors());
                pass.decodedPixels();
                NdCopy.store(pass.out, staging, rows * in);
            });
            System.arraycopy(staging, 0, result, from * in, rows * in);
        }
        return result;
    }

    /** The cvae's labels[from, from + pass.rows); nothing for the plain VAE. */
    private void loadLabels(VaeBatchPass pass, int[] labels, int from) {
        if (config.conditional()) {
            System.arraycopy(labels, from, labelStaging, 0, pass.rows);
            pass.loadLabels(labelStaging);
        }
    }

    private void requireLabels(int[] labels, int count) {
        if (!config.conditional()) {
            if (labels != null) {
                throw new IllegalArgumentException("the plain VAE takes no labels");
            }
            return;
        }
        if (labels == null || labels.length != count) {
            throw new IllegalArgumentException("the conditional VAE needs one label per image: "
                    + (labels == null ? "none" : labels.length) + " for " + count);
        }
        LabelCheck.requireRange(labels, config.labelCount());
    }
}
