package org.fedvae.participant.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves a dataset name to its images: {@code mnist} (bundled, checked against its known
 * hashes), {@code fashion-mnist} (Debian's dataset-fashion-mnist package), or a folder that
 * holds IDX files, {@code train/} and {@code test/} image folders, or just images.
 */
public final class Datasets {

    public static final int SIDE = 28;
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Every n-th image of a plain image folder is held out as its test set. */
    public static final int HOLD_OUT_EVERY = 10;

    // SHA-256 of the decompressed IDX content, as published beside the data.
    private static final Map<String, String> MNIST_HASHES = Map.of(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
    private static final Map<String, String> FASHION_MNIST_HASHES = Map.of(
            "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    private Datasets() {}

    public static LocalData load(String name) throws DatasetException {
        switch (name) {
            case "mnist":
                return idx(DataSource.classpath("/datasets/mnist"), MNIST_HASHES, "MNIST (bundled)");
            case "fashion-mnist":
                if (!Files.isDirectory(FASHION_MNIST_DIR)) {
                    throw new DatasetException(FASHION_MNIST_DIR + ": Fashion-MNIST is not installed; "
                            + "install it with: apt-get install dataset-fashion-mnist");
                }
                return idx(
                        DataSource.folder(FASHION_MNIST_DIR),
                        FASHION_MNIST_HASHES,
                        "Fashion-MNIST (" + FASHION_MNIST_DIR + ")");
            default:
                return folder(Path.of(name));
        }
    }

    private static LocalData folder(Path dir) throws DatasetException {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(
                    dir + ": no such dataset; use mnist, fashion-mnist or a folder of IDX files or images");
        }
        DataSource source = DataSource.folder(dir);
        try {
            if (IdxDataset.present(source, Split.TRAIN)) {
                return idx(source, Map.of(), "IDX files in " + dir);
            }
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot read: " + e.getMessage(), e);
        }
        Path train = dir.resolve("train");
        Path test = dir.resolve("test");
        if (Files.isDirectory(train) && Files.isDirectory(test)) {
            return new LocalData(
                    ImageFolder.load(train, SIDE, SIDE), ImageFolder.load(test, SIDE, SIDE), "images in " + dir);
        }
        ImageSet all = ImageFolder.load(dir, SIDE, SIDE);
        if (all.size() < 2) {
            throw new DatasetException(dir + ": one image is not enough to hold out a test set");
        }
        int testCount = (all.size() + HOLD_OUT_EVERY - 1) / HOLD_OUT_EVERY;
        int[] testIdx = new int[testCount];
        int[] trainIdx = new int[all.size() - testCount];
        for (int i = 0, a = 0, b = 0; i < all.size(); i++) {
            if (i % HOLD_OUT_EVERY == 0) {
                testIdx[a++] = i;
            } else {
                trainIdx[b++] = i;
            }
        }
        return new LocalData(
                all.subset(trainIdx),
                all.subset(testIdx),
                "images in " + dir + " (every " + HOLD_OUT_EVERY + "th held out for testing)");
    }

    private static LocalData idx(DataSource source, Map<String, String> hashes, String description)
            throws DatasetException {
        return new LocalData(
                IdxDataset.load(source, Split.TRAIN, hashes), IdxDataset.load(source, Split.TEST, hashes), description);
    }
}
