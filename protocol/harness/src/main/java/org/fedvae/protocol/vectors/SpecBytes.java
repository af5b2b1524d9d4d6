package org.fedvae.protocol.vectors;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedvae.protocol.proto.SecAggCohortMember;
import org.fedvae.protocol.proto.SecAggEncoding;
import org.fedvae.protocol.proto.SecAggRoundConfig;

/**
 * The byte strings of docs/PROTOCOL.md, written out a second time from the specification rather
 * than taken from the implementation. The vector generator shows these bytes in the files and
 * checks them against the implementation's outputs (a signature that verifies over them, a
 * ciphertext that decrypts with them), so a drift between the text and the code fails the build.
 */
public final class SpecBytes {

    public static final String ADVERTISE_LABEL = "fedvae/secagg/advertise/v1";
    public static final String CONSISTENCY_LABEL = "fedvae/secagg/consistency/v1";
    public static final String CONFIG_LABEL = "fedvae/secagg/config/v1";
    public static final String SESSION_LABEL = "fedvae/secagg/v1/session-id";
    public static final String SHARES_AAD_LABEL = "fedvae/secagg/shares/v1";
    public static final String SHARE_COMMITMENT_LABEL = "fedvae/secagg/share-commitment/v2";
    public static final String SHARE_COMMITMENTS_LABEL = "fedvae/secagg/share-commitments/v2";
    public static final String CLIENT_DP_LABEL = "fedvae/client-dp/v1";

    private SpecBytes() {}

    /** A cohort member as the configuration digest sees it. */
    public record Member(int id, byte[] identityKey) {}

    /**
     * {@link #configDigestInput(long, int, int, float, int, int, int, SortedMap)} of a configuration as
     * it travels, its fields read off the message (the cohort by id, without the client_dp_digest).
     */
    public static byte[] configDigestInput(SecAggRoundConfig proto) {
        TreeMap<Integer, byte[]> cohort = new TreeMap<>();
        for (SecAggCohortMember m : proto.getCohortList()) {
            cohort.put(m.getId(), m.getIdentityPublicKey().toByteArray());
        }
        SecAggEncoding e = proto.getEncoding();
        return configDigestInput(
                proto.getRoundId(),
                proto.getThreshold(),
                proto.getVectorLength(),
                e.getClipRange(),
                e.getScaleBits(),
                e.getMaxWeight(),
                e.getMaxParticipants(),
                cohort);
    }

    /** The canonical configuration encoding whose SHA-256 is the config digest. */
    public static byte[] configDigestInput(
            long roundId,
            int threshold,
            int vectorLength,
            float clipRange,
            int scaleBits,
            int maxWeight,
            int maxParticipants,
            SortedMap<Integer, byte[]> cohort) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(CONFIG_LABEL));
        out.writeBytes(be64(roundId));
        for (int v : new int[] {
            threshold,
            vectorLength,
            Float.floatToIntBits(clipRange),
            scaleBits,
            maxWeight,
            maxParticipants,
            cohort.size()
        }) {
            out.writeBytes(be32(v));
        }
        cohort.forEach((id, key) -> {
            out.writeBytes(be32(id));
            out.writeBytes(key);
        });
        return out.toByteArray();
    }

    /**
     * Section 7.1's canonical ClientDp encoding: label, then every field in field order, uint32 as BE32 and double
     * as the BE64 of its IEEE 754 bits. Its SHA-256 is the configuration's client_dp_digest, which the config digest
     * appends (section 3) after everything else.
     */
    public static byte[] clientDpDigestInput(
            int dimension,
            int blockSize,
            double clip,
            double scale,
            double noiseStddev,
            int minContributors,
            int maxParticipants,
            int modulusBits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(CLIENT_DP_LABEL));
        out.writeBytes(be32(dimension));
        out.writeBytes(be32(blockSize));
        for (double d : new double[] {clip, scale, noiseStddev}) {
            out.writeBytes(be64(Double.doubleToRawLongBits(d)));
        }
        out.writeBytes(be32(minContributors));
        out.writeBytes(be32(maxParticipants));
        out.writeBytes(be32(modulusBits));
        return out.toByteArray();
    }

    public static byte[] advertisePayload(long roundId, byte[] configDigest, int senderId, byte[] cPk, byte[] sPk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(ADVERTISE_LABEL));
        out.writeBytes(be64(roundId));
        out.writeBytes(configDigest);
        out.writeBytes(be32(senderId));
        out.writeBytes(cPk);
        out.writeBytes(sPk);
        return out.toByteArray();
    }

    public static byte[] consistencyPayload(long roundId, byte[] sessionId, List<Integer> ascendingSurvivors) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(CONSISTENCY_LABEL));
        out.writeBytes(be64(roundId));
        out.writeBytes(sessionId);
        out.writeBytes(be32(ascendingSurvivors.size()));
        ascendingSurvivors.forEach(id -> out.writeBytes(be32(id)));
        return out.toByteArray();
    }

    /** One advertised key pair for the session id: id, c_pk, s_pk. */
    public record Advertised(int id, byte[] cPk, byte[] sPk) {}

    /** The session id's input; {@code ascending} must be sorted by id. */
    public static byte[] sessionIdInput(long roundId, List<Advertised> ascending) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(SESSION_LABEL));
        out.writeBytes(be64(roundId));
        for (Advertised a : ascending) {
            out.writeBytes(be32(a.id()));
            out.writeBytes(a.cPk());
            out.writeBytes(a.sPk());
        }
        return out.toByteArray();
    }

    public static byte[] shareAad(byte[] sessionId, int senderId, int recipientId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(SHARES_AAD_LABEL));
        out.writeBytes(sessionId);
        out.writeBytes(be32(senderId));
        out.writeBytes(be32(recipientId));
        return out.toByteArray();
    }

    /** Protocol v2: SHA-256(label || session id || dealer || recipient || kind ('b' or 's') || share). */
    public static byte[] shareCommitment(byte[] sessionId, int dealerId, int recipientId, char kind, byte[] share) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(SHARE_COMMITMENT_LABEL));
        out.writeBytes(sessionId);
        out.writeBytes(be32(dealerId));
        out.writeBytes(be32(recipientId));
        out.write(kind);
        out.writeBytes(share);
        return sha256(out.toByteArray());
    }

    /** One entry of a dealer's commitment list. */
    public record Commitment(int recipientId, byte[] selfMask, byte[] maskKey) {}

    /** Protocol v2: what a dealer signs over its commitments, entries in ascending recipient order. */
    public static byte[] shareCommitmentsPayload(
            long roundId, byte[] sessionId, int dealerId, List<Commitment> ascending) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(SHARE_COMMITMENTS_LABEL));
        out.writeBytes(be64(roundId));
        out.writeBytes(sessionId);
        out.writeBytes(be32(dealerId));
        out.writeBytes(be32(ascending.size()));
        for (Commitment c : ascending) {
            out.writeBytes(be32(c.recipientId()));
            out.writeBytes(c.selfMask());
            out.writeBytes(c.maskKey());
        }
        return out.toByteArray();
    }

    public static byte[] shareNonce(int senderId, int recipientId) {
        return ByteBuffer.allocate(12).putInt(senderId).putInt(recipientId).array();
    }

    /** Clamps 32 random bytes into an X25519 private key (RFC 7748, decodeScalar25519), as the implementation stores them. */
    public static byte[] clampX25519(byte[] random32) {
        byte[] k = random32.clone();
        k[0] &= (byte) 0xf8;
        k[31] &= (byte) 0x7f;
        k[31] |= (byte) 0x40;
        return k;
    }

    public static byte[] sha256(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] be32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] be64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
