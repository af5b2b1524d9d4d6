package org.fedvae.participant.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.fedvae.protocol.io.AtomicFiles;

/**
 * Writes MNIST's IDX layout (the inverse of {@link IdxFile}): images as unsigned bytes
 * {@code [count, height, width]}, pixel v in [0, 1] stored as round(255 v), and labels as
 * unsigned bytes {@code [count]}. Uncompressed; each file written atomically.
 */
public final class IdxWriter {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxWriter() {}

    public static void writeImages(float[] pixels, int count, int width, int height, Path file) throws IOException {
        if (pixels.length != count * width * height) {
            throw new IllegalArgumentException(
                    pixels.length + " pixels are not " + count + " images of " + width + "x" + height);
        }
        ByteBuffer out = header(3, pixels.length).putInt(count).putInt(height).putInt(width);
        for (float v : pixels) {
            out.put((byte) Math.round(Math.max(0f, Math.min(1f, v)) * 255f));
        }
        AtomicFiles.write(file, out.array());
    }

    public static void writeLabels(int[] labels, Path file) throws IOException {
        ByteBuffer out = header(1, labels.length).putInt(labels.length);
        for (int label : labels) {
            if (label < 0 || label > 255) {
                throw new IllegalArgumentException("label " + label + " does not fit an IDX unsigned byte");
            }
            out.put((byte) label);
        }
        AtomicFiles.write(file, out.array());
    }

    private static ByteBuffer header(int dims, int values) {
        return ByteBuffer.allocate(4 + 4 * dims + values).putInt((UNSIGNED_BYTE << 8) | dims);
    }
}
