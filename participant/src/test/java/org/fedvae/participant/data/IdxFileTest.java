package org.fedvae.participant.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir
    Path dir;

    static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) (i * 7));
        }
        return b.array();
    }

    static byte[] labels(int count) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(0x00000801).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static IdxFile read(byte[] bytes, int dims, String sha) throws DatasetException {
        return IdxFile.read("test.idx", new ByteArrayInputStream(bytes), dims, sha);
    }

    @Test
    void readsPlainAndGzipIdentically() throws Exception {
        byte[] raw = images(3, 2, 4);
        IdxFile plain = read(raw, 3, IdxFile.sha256Hex(raw));
        IdxFile gz = read(gzip(raw), 3, IdxFile.sha256Hex(raw));
        assertEquals(3, plain.dim(0));
        assertEquals(24, gz.length());
        for (int i = 0; i < 24; i++) {
            assertEquals(plain.unsigned(i), gz.unsigned(i));
            assertEquals((i * 7) & 0xff, gz.unsigned(i));
        }
    }

    @Test
    void truncatedDataNamesTheFile() {
        byte[] raw = images(3, 2, 4);
        DatasetException e =
                assertThrows(DatasetException.class, () -> read(Arrays.copyOf(raw, raw.length - 1), 3, null));
        assertTrue(e.getMessage().startsWith("test.idx: truncated IDX data"), e.getMessage());
        assertThrows(DatasetException.class, () -> read(Arrays.copyOf(raw, 10), 3, null));
        assertThrows(DatasetException.class, () -> read(new byte[2], 3, null));
    }

    @Test
    void truncatedGzipIsAClearError() throws Exception {
        byte[] gz = gzip(images(50, 28, 28));
        DatasetException e =
                assertThrows(DatasetException.class, () -> read(Arrays.copyOf(gz, gz.length / 2), 3, null));
        assertTrue(e.getMessage().contains("test.idx") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongMagicIsRejected() {
        DatasetException e = assertThrows(DatasetException.class, () -> read(labels(5), 3, null));
        assertTrue(e.getMessage().contains("wrong IDX magic 0x00000801, expected 0x00000803"), e.getMessage());
        byte[] floats = images(1, 1, 1);
        floats[2] = 0x0d;
        assertThrows(DatasetException.class, () -> read(floats, 3, null));
    }

    @Test
    void checksumMismatchIsRejectedBeforeParsing() {
        byte[] raw = images(2, 2, 2);
        String wrong = "00".repeat(32);
        DatasetException e = assertThrows(DatasetException.class, () -> read(raw, 3, wrong));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] raw = images(2, 2, 2);
        assertThrows(DatasetException.class, () -> read(Arrays.copyOf(raw, raw.length + 3), 3, null));
    }

    @Test
    void datasetFolderWithChecksumFile() throws Exception {
        byte[] img = images(4, 28, 28);
        byte[] lab = labels(4);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(img));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), lab);
        Files.writeString(
                dir.resolve(IdxDataset.CHECKSUM_FILE),
                IdxFile.sha256Hex(img) + "  train-images-idx3-ubyte\n" + IdxFile.sha256Hex(lab)
                        + "  train-labels-idx1-ubyte\n");
        ImageSet set = IdxDataset.load(DataSource.folder(dir), Split.TRAIN, Map.of());
        assertEquals(4, set.size());
        assertEquals(3, set.label(3));
        float[] first = new float[784];
        set.copyImage(1, first, 0);
        assertEquals(((784 * 7) & 0xff) / 255f, first[0]);

        Files.writeString(dir.resolve(IdxDataset.CHECKSUM_FILE), "00".repeat(32) + "  train-labels-idx1-ubyte\n");
        DatasetException e = assertThrows(
                DatasetException.class, () -> IdxDataset.load(DataSource.folder(dir), Split.TRAIN, Map.of()));
        assertTrue(
                e.getMessage().contains("train-labels-idx1-ubyte")
                        && e.getMessage().contains("checksum"),
                e.getMessage());
    }

    @Test
    void labelCountMustMatchImageCount() throws Exception {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(4, 28, 28));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(3));
        DatasetException e = assertThrows(
                DatasetException.class, () -> IdxDataset.load(DataSource.folder(dir), Split.TEST, Map.of()));
        assertTrue(e.getMessage().contains("3 labels for 4 images"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        DatasetException e = assertThrows(
                DatasetException.class, () -> IdxDataset.load(DataSource.folder(dir), Split.TRAIN, Map.of()));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz: missing"), e.getMessage());
    }
}
