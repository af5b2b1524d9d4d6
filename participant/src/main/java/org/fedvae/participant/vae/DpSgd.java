package org.fedvae.participant.vae;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.fedvae.participant.data.ImageSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Differentially private training of a {@link Vae} (DP-SGD, Abadi et al. 2016): every step
 * samples each image independently with rate q (Poisson sampling, what the RDP accountant
 * assumes), clips each image's gradient of its own loss to L2 norm C over all parameters, adds
 * N(0, sigma^2 C^2) to the sum and divides by the expected batch q N; Adam takes that as its
 * gradient. Batch membership and gradient noise come from a {@link SecureGaussian}; the
 * reparameterisation noise from the epoch's seed, as in ordinary training.
 *
 * <p>The clipping needs no per-image gradients: {@link PerImageNorms} gets
 * each image's norm from its layer inputs and output gradients, and scaling an image's output
 * gradients before the weight GEMMs clips exactly, since backpropagation is linear in each
 * image's loss. Not thread-safe, like the Vae it trains.
 */
public final class DpSgd {

    private final Vae vae;
    private final DpSgdSettings settings;
    private final SecureGaussian random;
    private int[] batch = new int[0];
    private float[] staging = new float[0];
    private int[] labels = new int[0]; // a batch's labels (cvae)
    private float[] noise = new float[0];
    private long imagesSeen;
    private long imagesClipped;

    public DpSgd(Vae vae, DpSgdSettings settings, SecureGaussian random) {
        this.vae = Objects.requireNonNull(vae, "vae");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    public DpSgdSettings settings() {
        return settings;
    }

    /** {@link DpSgdSettings#stepsPerEpoch()} steps; the loss reported is over the sampled images. */
    public EpochStats trainEpoch(ImageSet images, long seed, TrainingProgress progress) {
        Objects.requireNonNull(progress, "progress");
        if (vae.config().conditional()) {
            LabelCheck.require(images, vae.config().labelCount());
        }
        int steps = Math.toIntExact(settings.stepsPerEpoch());
        SplittableRandom reparameterisation = new SplittableRandom(seed);
        double lossSum = 0;
        long sampled = 0;
        for (int s = 0; s < steps; s++) {
            int k = sampleBatch(images.size());
            lossSum += privateGradient(images, batch, k, reparameterisation);
            sampled += k;
            vae.optimizer().step(vae.tensors().flat, vae.gradients().flat);
            progress.batchDone(s + 1, steps);
        }
        return new EpochStats(sampled == 0 ? Double.NaN : lossSum / sampled, Math.toIntExact(sampled), steps);
    }

    /** Share of the images sampled so far whose gradient was clipped (norm above C); NaN before any. */
    public double clippedShare() {
        return imagesSeen == 0 ? Double.NaN : (double) imagesClipped / imagesSeen;
    }

    /** Poisson sampling: positions of the images in this step's batch, in {@code batch[0, k)}; returns k. */
    int sampleBatch(int n) {
        if (batch.length < n) {
            batch = new int[n];
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextUniform() < settings.samplingRate()) {
                batch[k++] = i;
            }
        }
        return k;
    }

    /**
     * Writes the noisy clipped gradient of the images at {@code positions[0, k)} into the Vae's
     * gradients: (sum of clipped per-image gradients + noise) / (q N). Returns the batch's loss sum.
     */
    double privateGradient(ImageSet images, int[] positions, int k, RandomGenerator reparameterisation) {
        double[] loss = {0};
        double expectedBatch = settings.samplingRate() * images.size();
        int total = vae.spec().totalSize();
        vae.inWorkspace(() -> {
            INDArray grads = vae.gradients().flat;
            if (k > 0) {
                VaeBatchPass pass = vae.variablePass(k, capacity(expectedBatch));
                int pixels = k * images.imageSize();
                if (staging.length < pixels) {
                    staging = new float[pixels];
                }
                images.copyBatch(positions, 0, k, staging);
                pass.loadImages(staging);
                if (pass.y != null) {
                    if (labels.length < k) {
                        labels = new int[k];
                    }
                    images.copyLabels(positions, 0, k, labels);
                    pass.loadLabels(labels);
                }
                pass.drawNoise(reparameterisation);
                pass.forward(vae.tensors());
                loss[0] = pass.lossSum();
                pass.activationGradients(vae.tensors(), 1.0);
                pass.scaleImages(clipFactors(PerImageNorms.of(pass)));
                pass.weightGradients(vae.gradients());
            } else {
                grads.assign(0); // an empty batch still takes its noisy step
            }
            if (settings.noiseMultiplier() > 0) {
                if (noise.length < total) {
                    noise = new float[total];
                }
                random.fill(noise, total, settings.noiseMultiplier() * settings.clipNorm());
                INDArray scratch = vae.noiseScratch();
                NdCopy.load(noise, total, scratch);
                grads.addi(scratch);
            }
            grads.muli(1.0 / expectedBatch);
        });
        return loss[0];
    }

    /** min(1, C / norm) per image. */
    private double[] clipFactors(double[] squaredNorms) {
        double[] factors = new double[squaredNorms.length];
        double c = settings.clipNorm();
        for (int i = 0; i < factors.length; i++) {
            double norm = Math.sqrt(squaredNorms[i]);
            factors[i] = norm > c ? c / norm : 1.0;
            if (norm > c) {
                imagesClipped++;
            }
        }
        imagesSeen += factors.length;
        return factors;
    }

    /** A batch rarely exceeds its expectation by four standard deviations; a larger one grows the pass. */
    private static int capacity(double expected) {
        return (int) Math.ceil(expected + 4 * Math.sqrt(expected)) + 1;
    }

    // for tests
    int[] lastBatch() {
        return Arrays.copyOf(batch, batch.length);
    }
}
