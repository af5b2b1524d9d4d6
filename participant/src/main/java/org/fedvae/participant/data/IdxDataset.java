package org.fedvae.participant.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Images and labels in MNIST's IDX layout: {@code train-images-idx3-ubyte[.gz]},
 * {@code train-labels-idx1-ubyte[.gz]} and the same with {@code t10k} for the test split.
 * Content hashes come from the caller or from a {@code SHA256SUMS.content} file beside the data
 * ("HEX  name" lines, names without .gz); a file with a known hash is always checked.
 */
public final class IdxDataset {

    public static final String CHECKSUM_FILE = "SHA256SUMS.content";

    private IdxDataset() {}

    public static ImageSet load(DataSource source, Split split, Map<String, String> knownHashes)
            throws DatasetException {
        Map<String, String> hashes = new HashMap<>(readChecksumFile(source));
        hashes.putAll(knownHashes);
        String imagesName = split.idxPrefix + "-images-idx3-ubyte";
        String labelsName = split.idxPrefix + "-labels-idx1-ubyte";
        IdxFile images = open(source, imagesName, 3, hashes.get(imagesName));
        IdxFile labels = open(source, labelsName, 1, hashes.get(labelsName));
        int count = images.dim(0);
        int rows = images.dim(1);
        int cols = images.dim(2);
        if (labels.dim(0) != count) {
            throw new DatasetException(
                    source.describe(labelsName) + ": has " + labels.dim(0) + " labels for " + count + " images");
        }
        float[] pixels = new float[images.length()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = images.unsigned(i) / 255f;
        }
        int[] labelValues = new int[count];
        for (int i = 0; i < count; i++) {
            labelValues[i] = labels.unsigned(i);
        }
        return ImageSet.of(pixels, labelValues, cols, rows);
    }

    /** True when the source holds this split in IDX form. */
    public static boolean present(DataSource source, Split split) throws IOException {
        String name = split.idxPrefix + "-images-idx3-ubyte";
        for (String candidate : new String[] {name + ".gz", name}) {
            try (InputStream in = source.openOrNull(candidate)) {
                if (in != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static IdxFile open(DataSource source, String name, int dims, String sha256) throws DatasetException {
        for (String candidate : new String[] {name + ".gz", name}) {
            InputStream in;
            try {
                in = source.openOrNull(candidate);
            } catch (IOException e) {
                throw new DatasetException(source.describe(candidate) + ": cannot open: " + e.getMessage(), e);
            }
            if (in != null) {
                return IdxFile.read(source.describe(candidate), in, dims, sha256);
            }
        }
        throw new DatasetException(source.describe(name + ".gz") + ": missing (nor " + name + " uncompressed)");
    }

    private static Map<String, String> readChecksumFile(DataSource source) throws DatasetException {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = source.openOrNull(CHECKSUM_FILE)) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    out.put(parts[1], parts[0]);
                } else if (!line.isBlank()) {
                    throw new DatasetException(source.describe(CHECKSUM_FILE) + ": malformed line: " + line);
                }
            }
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetException(source.describe(CHECKSUM_FILE) + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }
}
