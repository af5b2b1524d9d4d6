package org.fedvae.protocol.model;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.fedvae.protocol.io.AtomicFiles;

/**
 * The on-disk model format: the 8-byte magic {@code FVAEMDL1}, the {@link ModelParameters} wire
 * form, then the SHA-256 of everything before it. The trailing hash makes a truncated or
 * corrupted file fail loudly instead of loading as a different model. Writes are atomic.
 */
public final class ModelFile {

    static final byte[] MAGIC = "FVAEMDL1".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_BYTES = 32;

    private ModelFile() {}

    public static void write(ModelParameters model, Path file) throws IOException {
        byte[] body = model.toProto().toByteArray();
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + body.length + HASH_BYTES);
        out.put(MAGIC).put(body);
        out.put(sha256(out.array(), MAGIC.length + body.length));
        AtomicFiles.write(file, out.array());
    }

    public static ModelParameters read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + HASH_BYTES) {
            throw new IOException(file + ": not a FedVAE model file (only " + all.length + " bytes; truncated?)");
        }
        if (!Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + ": not a FedVAE model file (wrong magic)");
        }
        int bodyEnd = all.length - HASH_BYTES;
        byte[] expected = Arrays.copyOfRange(all, bodyEnd, all.length);
        if (!MessageDigest.isEqual(expected, sha256(all, bodyEnd))) {
            throw new IOException(file + ": model file checksum mismatch (truncated or corrupted)");
        }
        try {
            return ModelParameters.parseFrom(Arrays.copyOfRange(all, MAGIC.length, bodyEnd));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new IOException(file + ": invalid model data: " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
