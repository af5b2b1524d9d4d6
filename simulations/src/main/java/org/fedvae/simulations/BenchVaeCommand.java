package org.fedvae.simulations;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.runtime.NativeThreads;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times training steps of the reference VAE (forward, backward, Adam) on synthetic 28x28 images
 * in batches of 128, through the same {@link Vae#trainEpoch} a participant uses, and prints one
 * JSON line. A step's time is the interval between two progress callbacks.
 */
@Command(
        name = "bench-vae",
        mixinStandardHelpOptions = true,
        description = "Time VAE training steps (batch 128, synthetic 28x28 images); prints one JSON line.")
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

    @Override
    public Integer call() {
        if (batches <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--batches must be positive and --warmup not negative");
        }
        int threads = NativeThreads.configure();
        VaeConfig config = VaeConfig.defaults(seed);
        Vae vae = new Vae(config);
        ImageSet images = syntheticImages(seed);
        long[] times = new long[warmup + batches];
        int[] done = {0};
        long epochSeed = seed;
        while (done[0] < times.length) {
            long[] last = {System.nanoTime()};
            vae.trainEpoch(images, epochSeed++, (d, total) -> {
                long now = System.nanoTime();
                if (done[0] < times.length) {
                    times[done[0]++] = now - last[0];
                }
                last[0] = now;
            });
        }
        double[] ms = Arrays.stream(times, warmup, times.length)
                .mapToDouble(t -> t / 1e6)
                .sorted()
                .toArray();
        double median = ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
        double mean = Arrays.stream(ms).average().orElseThrow();
        System.out.println(String.format(
                Locale.ROOT,
                "{\"bench\":\"vae-train-step\",\"batch_size\":%d,\"batches\":%d,\"warmup\":%d,\"parameters\":%d,"
                        + "\"native_threads\":%d,\"ms_per_batch_median\":%.3f,\"ms_per_batch_mean\":%.3f,"
                        + "\"ms_per_batch_min\":%.3f,\"images_per_second\":%.1f}",
                config.batchSize(),
                batches,
                warmup,
                VaeLayout.parameterCount(config),
                threads,
                median,
                mean,
                ms[0],
                config.batchSize() * 1000.0 / mean));
        return 0;
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
