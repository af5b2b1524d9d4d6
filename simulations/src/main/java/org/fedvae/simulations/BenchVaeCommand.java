package org.fedvae.simulations;

import static org.fedvae.simulations.VaeStepTimes.mean;
import static org.fedvae.simulations.VaeStepTimes.median;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.runtime.NativeThreads;
import org.fedvae.participant.vae.DpSgd;
import org.fedvae.participant.vae.DpSgdSettings;
import org.fedvae.participant.vae.SecureGaussian;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times training steps of the reference VAE (forward, backward, Adam) on synthetic 28x28 images
 * in batches of 128 (--batch-size), through the same {@link Vae#trainEpoch} a participant uses, and prints one
 * JSON line. A step's time is the interval between two progress callbacks, in wall-clock time and
 * in the training thread's CPU time. With {@code --dp} DP-SGD epochs (same expected batch)
 * alternate with the plain ones and both are reported. With {@code --threads N}, N models train
 * at once, each on its own thread, like the federation's training threads.
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
            names = "--threads",
            defaultValue = "1",
            description = "Models training at once, each on its own thread (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--dp",
            description = "Also time DP-SGD steps (per-image clipping, Poisson sampling, Gaussian noise from AES-CTR) "
                    + "in the same run, and print both and their ratio.")
    boolean dp;

    @Override
    public Integer call() throws InterruptedException {
        if (batches <= 0 || warmup < 0 || batchSize <= 0 || batchSize > IMAGES || threads <= 0) {
            throw new IllegalArgumentException("--batches, --threads and --batch-size (at most " + IMAGES
                    + ") must be positive, --warmup not negative");
        }
        int nativeThreads = NativeThreads.configure();
        VaeConfig config = VaeConfig.defaults(seed).withBatchSize(batchSize);
        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(new Worker(config.withSeed(seed + t)));
        }
        long start = System.nanoTime();
        if (threads == 1) {
            workers.get(0).run();
        } else {
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(new Thread(workers.get(t), "bench-vae-" + t));
            }
            running.forEach(Thread::start);
            for (Thread t : running) {
                t.join();
            }
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        for (Worker w : workers) {
            if (w.failure != null) {
                throw new IllegalStateException("a training thread failed", w.failure);
            }
        }
        System.out.println(json(config, nativeThreads, workers, wallSeconds));
        return 0;
    }

    private String json(VaeConfig config, int nativeThreads, List<Worker> workers, double wallSeconds) {
        double[] plain = workers.get(0).plainTimes.wallMillis(warmup);
        double[] cpu = workers.get(0).plainTimes.cpuMillis(warmup);
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "{\"bench\":\"vae-train-step\",\"batch_size\":%d,\"batches\":%d,\"warmup\":%d,\"parameters\":%d,"
                        + "\"native_threads\":%d,\"threads\":%d,\"ms_per_batch_median\":%.3f,\"ms_per_batch_mean\":%.3f,"
                        + "\"ms_per_batch_min\":%.3f,\"images_per_second\":%.1f,\"cpu_ms_per_batch_median\":%.3f,"
                        + "\"images_per_cpu_second\":%.1f",
                config.batchSize(),
                batches,
                warmup,
                VaeLayout.parameterCount(config),
                nativeThreads,
                threads,
                median(plain),
                mean(plain),
                plain[0],
                config.batchSize() * 1000.0 / mean(plain),
                median(cpu),
                config.batchSize() * 1000.0 / mean(cpu)));
        if (threads > 1) {
            StringJoiner perThread = new StringJoiner(",", "[", "]");
            double sum = 0;
            for (Worker w : workers) {
                double ips = config.batchSize() * 1000.0 / mean(w.plainTimes.wallMillis(warmup));
                perThread.add(String.format(Locale.ROOT, "%.1f", ips));
                sum += ips;
            }
            long images = (long) threads * (warmup + batches) * config.batchSize() * (dp ? 2 : 1);
            s.append(String.format(
                    Locale.ROOT,
                    ",\"per_thread_images_per_second\":%s,\"aggregate_images_per_second\":%.1f,"
                            + "\"aggregate_images_per_wall_second_incl_warmup\":%.1f",
                    perThread,
                    sum,
                    images / wallSeconds));
        }
        if (dp) {
            double[] priv = workers.get(0).dpTimes.wallMillis(warmup);
            double[] privCpu = workers.get(0).dpTimes.cpuMillis(warmup);
            s.append(String.format(
                    Locale.ROOT,
                    ",\"dp_ms_per_batch_median\":%.3f,\"dp_ms_per_batch_mean\":%.3f,\"dp_to_plain_ratio_median\":%.3f,"
                            + "\"dp_cpu_ms_per_batch_median\":%.3f,\"dp_to_plain_cpu_ratio_median\":%.3f",
                    median(priv),
                    mean(priv),
                    median(priv) / median(plain),
                    median(privCpu),
                    median(privCpu) / median(cpu)));
        }
        return s.append('}').toString();
    }

    /** One model training on one thread: plain epochs, alternating with DP-SGD ones under --dp. */
    private final class Worker implements Runnable {
        private final VaeConfig config;
        private final VaeStepTimes plainTimes = new VaeStepTimes(warmup + batches);
        private final VaeStepTimes dpTimes = new VaeStepTimes(dp ? warmup + batches : 0);
        private volatile Throwable failure;

        Worker(VaeConfig config) {
            this.config = config;
        }

        @Override
        public void run() {
            try {
                train();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        private void train() {
            Vae vae = new Vae(config);
            ImageSet images = syntheticImages(config.seed());
            DpSgd dpSgd = dp
                    ? new DpSgd(
                            vae, // sigma and C do not change the work per step; q makes the expected batch batchSize
                            new DpSgdSettings(1.0, 1.0, DpSgdSettings.samplingRate(batchSize, IMAGES)),
                            SecureGaussian.fresh(new SecureRandom()))
                    : null;
            long epochSeed = config.seed();
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
        }
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
