package org.fedvae.participant.vae;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.runtime.NativeThreads;

/**
 * Not a unit test: a manual check of the quality target (10 epochs of MNIST, test loss at most
 * 106.5 nats per image). Run with the test classpath:
 * {@code java -cp ... org.fedvae.participant.vae.MnistQualityRun [mnistDir] [epochs] [seed] [pngDir]}.
 * It reads the gz IDX image files itself so that it does not depend on the data loaders.
 */
public final class MnistQualityRun {

    private MnistQualityRun() {
    }

    public static void main(String[] args) throws IOException {
        NativeThreads.configure();
        Path dir = Path.of(args.length > 0 ? args[0] : "simulations/src/main/resources/datasets/mnist");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        ImageSet train = readImages(dir.resolve("train-images-idx3-ubyte.gz"));
        ImageSet test = readImages(dir.resolve("t10k-images-idx3-ubyte.gz"));
        Vae vae = new Vae(VaeConfig.defaults(seed));
        System.out.printf(Locale.ROOT, "epoch 0 test %.3f%n", vae.evaluate(test));
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            EpochStats stats = vae.trainEpoch(train, seed * 1000 + epoch);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "epoch %d train %.3f test %.3f (%.1f s, %.0f images/s)%n", epoch,
                    stats.meanLoss(), vae.evaluate(test), seconds, stats.images() / seconds);
        }
        if (args.length > 3) {
            Path out = Path.of(args[3]);
            ImageGrid.writeSamples(vae, 28, 28, seed, out.resolve("samples.png"));
            ImageGrid.writeReconstructions(vae, test, out.resolve("reconstructions.png"));
            System.out.println("pictures in " + out.toAbsolutePath());
        }
    }

    /** IDX3: big-endian magic 0x00000803, count, rows, cols, then one unsigned byte per pixel. */
    static ImageSet readImages(Path gz) throws IOException {
        try (InputStream raw = Files.newInputStream(gz);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw new IOException(gz + ": not an IDX3 image file (magic " + Integer.toHexString(magic) + ")");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] bytes = new byte[count * rows * cols];
            in.readFully(bytes);
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = (bytes[i] & 0xff) / 255f;
            }
            return ImageSet.of(pixels, new int[count], cols, rows);
        }
    }
}
