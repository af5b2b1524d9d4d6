package org.fedvae.participant.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file (the MNIST format: big-endian magic {@code 0x0000 08 NDIM}, NDIM big-endian
 * dimensions, then unsigned bytes), read whole into memory, gzip or plain. The SHA-256 of the
 * decompressed content is checked before anything is parsed, so a bad file is never half-used.
 */
public final class IdxFile {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_BYTES = 512 * 1024 * 1024;

    private final int[] dims;
    private final byte[] data;
    private final int dataOffset;

    private IdxFile(int[] dims, byte[] data, int dataOffset) {
        this.dims = dims;
        this.data = data;
        this.dataOffset = dataOffset;
    }

    /**
     * Reads an IDX file of {@code expectedDims} dimensions.
     *
     * @param name            the file's location, for messages
     * @param in              its bytes (closed here)
     * @param expectedDims    1 for labels, 3 for images
     * @param expectedSha256  hex SHA-256 of the decompressed content, or null to skip the check
     */
    public static IdxFile read(String name, InputStream in, int expectedDims, String expectedSha256)
            throws DatasetException {
        byte[] content = readContent(name, in);
        if (expectedSha256 != null) {
            String actual = sha256Hex(content);
            if (!actual.equalsIgnoreCase(expectedSha256)) {
                throw new DatasetException(name + ": checksum mismatch: SHA-256 of the content is " + actual
                        + ", expected " + expectedSha256 + " (corrupted or a different file)");
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(content);
        if (content.length < 4) {
            throw new DatasetException(name + ": truncated IDX file (" + content.length + " bytes, no header)");
        }
        int magic = buf.getInt();
        int type = (magic >>> 8) & 0xff;
        int ndim = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || ndim != expectedDims) {
            throw new DatasetException(String.format(
                    "%s: wrong IDX magic 0x%08x, expected 0x%08x (unsigned bytes, %d dimension%s)",
                    name, magic, (UNSIGNED_BYTE << 8) | expectedDims, expectedDims, expectedDims == 1 ? "" : "s"));
        }
        if (content.length < 4 + 4 * ndim) {
            throw new DatasetException(name + ": truncated IDX header");
        }
        int[] dims = new int[ndim];
        long count = 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = buf.getInt();
            if (dims[i] <= 0) {
                throw new DatasetException(name + ": invalid IDX dimension " + dims[i]);
            }
            count *= dims[i];
        }
        int offset = 4 + 4 * ndim;
        long available = content.length - offset;
        if (available < count) {
            throw new DatasetException(
                    name + ": truncated IDX data: header promises " + count + " bytes, file has " + available);
        }
        if (available > count) {
            throw new DatasetException(name + ": " + (available - count) + " unexpected bytes after the IDX data");
        }
        return new IdxFile(dims, content, offset);
    }

    public int dim(int i) {
        return dims[i];
    }

    /** Value {@code i} of the data, as an unsigned byte. */
    public int unsigned(int i) {
        return data[dataOffset + i] & 0xff;
    }

    public int length() {
        return data.length - dataOffset;
    }

    private static byte[] readContent(String name, InputStream raw) throws DatasetException {
        try (PushbackInputStream in = new PushbackInputStream(raw, 2)) {
            byte[] head = in.readNBytes(2);
            in.unread(head);
            boolean gzip = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            try (InputStream body = gzip ? new GZIPInputStream(in, 1 << 16) : in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
                byte[] chunk = new byte[1 << 16];
                int n;
                while ((n = body.read(chunk)) > 0) {
                    out.write(chunk, 0, n);
                    if (out.size() > MAX_BYTES) {
                        throw new DatasetException(name + ": larger than " + MAX_BYTES
                                + " bytes; not an image dataset this loader accepts");
                    }
                }
                return out.toByteArray();
            }
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            // A gzip stream cut short surfaces here as EOFException ("Unexpected end of ZLIB input stream").
            throw new DatasetException(name + ": cannot read (truncated or corrupted): " + e.getMessage(), e);
        }
    }

    static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
