package org.fedvae.protocol.encoding.ddp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.fedvae.protocol.proto.ClientDp;

/**
 * The client-level DP parameters as the signed configuration sees them (docs/PROTOCOL.md, section
 * 7.1): SHA-256 over a fixed-width big-endian encoding of every {@code ClientDp} field in field
 * order. Protobuf bytes are not canonical (field order, default omission, unknown fields), so they
 * are never hashed. The doubles enter as the IEEE 754 bits carried on the wire, so two members
 * handed values that differ in any bit get different digests.
 */
public final class ClientDpDigest {

    public static final String LABEL = "fedvae/client-dp/v1";
    public static final int BYTES = 32;

    private static final byte[] LABEL_BYTES = LABEL.getBytes(StandardCharsets.US_ASCII);
    /** Label, then dimension, block size (4 each), clip, scale, noise (8 each), n_min, max participants, modulus bits. */
    static final int INPUT_BYTES = LABEL_BYTES.length + 2 * 4 + 3 * 8 + 3 * 4;

    private ClientDpDigest() {}

    /** The canonical encoding whose SHA-256 is the digest. */
    public static byte[] input(ClientDp p) {
        return ByteBuffer.allocate(INPUT_BYTES)
                .put(LABEL_BYTES)
                .putInt(p.getDimension())
                .putInt(p.getBlockSize())
                .putLong(Double.doubleToRawLongBits(p.getClip()))
                .putLong(Double.doubleToRawLongBits(p.getScale()))
                .putLong(Double.doubleToRawLongBits(p.getNoiseStddev()))
                .putInt(p.getMinContributors())
                .putInt(p.getMaxParticipants())
                .putInt(p.getModulusBits())
                .array();
    }

    /** SHA-256 of {@link #input}: the round configuration's {@code client_dp_digest}. */
    public static byte[] of(ClientDp p) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input(p));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
