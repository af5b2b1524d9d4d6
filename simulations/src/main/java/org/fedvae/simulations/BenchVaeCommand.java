package org.fedvae.simulations;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.runtime.NativeThreads;
import org.fedvae.participant.vae.DpSgd;
import org.fedvae.participant.vae.DpSgdSettings;
import org.fedvae.participant.vae.SecureGaussian;
import org.fedvae.participant.vae.TrainingProgress;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times training steps of the reference VAE (forward, backward, Adam) on synthetic 28x28 images
 * in batches of 128 (--batch-size), through the same {@link Vae#trainEpoch} a participant uses, and prints one
 * JSON line. A step's time is the interval between two progress callbacks. With {@code --dp}
 * DP-SGD epochs (same expected batch) alternate with the plain ones and both are reported.
 */
@Command(
        name = "bench-vae",
        mixinStandardHelpOptions = true,
        description =
                "Time VAE training steps (synthetic 28x28 images), with --dp also DP-SGD steps; prints one JSON line.")
public final class BenchVaeCommand implements Callable<Integer> {

    private static final int SIDE = 28;
    private static final int IMAGES = 2048; // 16 batches per epoch; epochs repeat until done

    @Option(names = "--batches", defaultValue = "200", description = "Timed batches (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--warmup", defaultValue = "30", description = "Untimed batches first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the data and the model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            description = "Images per step (with --dp: the expected batch) (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--dp",
            description = "Also time DP-SGD steps (per-image clipping, Poisson sampling, Gaussian noise from AES-CTR) "
                    + "in the same run, and print both and their ratio.")
    boolean dp;

    @Override
    public Integer call() {
        if (batches <= 0 || warmup < 0 || batchSize <= 0 || batchSize > IMAGES) {
            throw new IllegalArgumentException(
                    "--batches and --batch-size (at most " + IMAGES + ") must be positive, --warmup not negative");
        }
        int threads = NativeThreads.configure();
        VaeConfig config = VaeConfig.defaults(seed).withBatchSize(batchSize);
        Vae vae = new Vae(config);
        ImageSet images = syntheticImages(seed);
        StepTimes plainTimes = new StepTimes(warmup + batches);
        StepTimes dpTimes = new StepTimes(dp ? warmup + batches : 0);
        DpSgd dpSgd = dp
                ? new DpSgd(
                        vae, // sigma and C do not change the work per step; q makes the expected batch batchSize
                        new DpSgdSettings(1.0, 1.0, DpSgdSettings.samplingRate(batchSize, IMAGES)),
                        SecureGaussian.fresh(new SecureRandom()))
                : null;
        long epochSeed = seed;
        // Plain and DP epochs alternate, so that other load on the machine hits both alike.
        while (!plainTimes.full() || !dpTimes.full()) {
            if (!plainTimes.full()) {
                vae.trainEpoch(images, epochSeed, plainTimes.epoch());
            }
            if (!dpTimes.full()) {
                dpSgd.trainEpoch(images, epochSeed, dpTimes.epoch());
            }
            epochSeed++;
        }
        double[] plain = plainTimes.timedMillis(warmup);
        String dpPart = "";
        if (dp) {
            double[] priv = dpTimes.timedMillis(warmup);
            dpPart = String.format(
                    Locale.ROOT,
                    ",\"dp_ms_per_batch_median\":%.3f,\"dp_ms_per_batch_mean\":%.3f,\"dp_to_plain_ratio_median\":%.3f",
                    median(priv),
                    mean(priv),
                    median(priv) / median(plain));
        }
        System.out.println(String.format(
                        Locale.ROOT,
                        "{\"bench\":\"vae-train-step\",\"batch_size\":%d,\"batches\":%d,\"warmup\":%d,\"parameters\":%d,"
                                + "\"native_threads\":%d,\"ms_per_batch_median\":%.3f,\"ms_per_batch_mean\":%.3f,"
                                + "\"ms_per_batch_min\":%.3f,\"images_per_second\":%.1f",
                        config.batchSize(),
                        batches,
                        warmup,
                        VaeLayout.parameterCount(config),
                        threads,
                        median(plain),
                        mean(plain),
                        plain[0],
                        config.batchSize() * 1000.0 / mean(plain))
                + dpPart + "}");
        return 0;
    }

    /** Step times of one kind of training: the interval between two progress callbacks. */
    private static final class StepTimes {
        private final long[] nanos;
        private int done;

        StepTimes(int steps) {
            nanos = new long[steps];
        }

        boolean full() {
            return done == nanos.length;
        }

        /** A progress callback for the next epoch, recording its steps until full. */
        TrainingProgress epoch() {
            long[] last = {System.nanoTime()};
            return (d, total) -> {
                long now = System.nanoTime();
                if (done < nanos.length) {
                    nanos[done++] = now - last[0];
                }
                last[0] = now;
            };
        }

        /** The steps after the first {@code skip}, in ms, sorted. */
        double[] timedMillis(int skip) {
            return Arrays.stream(nanos, skip, nanos.length)
                    .mapToDouble(t -> t / 1e6)
                    .sorted()
                    .toArray();
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    /** Blobs of ink on a blank background, roughly as sparse as digits; values in [0, 1]. */
    private static ImageSet syntheticImages(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int size = SIDE * SIDE;
        float[] pixels = new float[IMAGES * size];
        for (int i = 0; i < IMAGES; i++) {
            double cx = 8 + rng.nextDouble() * 12;
            double cy = 8 + rng.nextDouble() * 12;
            double r = 3 + rng.nextDouble() * 5;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double d = Math.hypot(x - cx, y - cy);
                    double v = Math.max(0, Math.min(1, (r - d) / 2 + 0.5)) * (0.8 + 0.2 * rng.nextDouble());
                    pixels[i * size + y * SIDE + x] = (float) v;
                }
            }
        }
        return ImageSet.of(pixels, new int[IMAGES], SIDE, SIDE);
    }
}
