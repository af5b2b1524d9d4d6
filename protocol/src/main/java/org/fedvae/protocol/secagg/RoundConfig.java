package org.fedvae.protocol.secagg;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggCohortMember;
import org.fedvae.protocol.proto.SecAggRoundConfig;
import org.fedvae.protocol.secagg.graph.GraphPolicy;
import org.fedvae.protocol.secagg.graph.GraphRule;

/**
 * A validated round configuration: round id, threshold t, vector length, encoding, and the cohort
 * with each member's enrolled Ed25519 identity key. Both sides refuse a configuration that the
 * protocol cannot run safely (see {@link #fromProto}).
 */
public final class RoundConfig {

    /** Shamir shares live in GF(2^8): share indices 1..255, so the complete graph has at most 255 participants. */
    public static final int MAX_COHORT = 255;

    /**
     * With the sparse graph (SecAgg+) only a neighbourhood shares, so the cohort is bounded by the encoding instead:
     * {@code max_participants · (2^16 − 1) < 2^32} (the low limbs of the loss sum and the clip count, section 7).
     */
    public static final int MAX_SPARSE_COHORT = 65_537;

    static final int IDENTITY_KEY_BYTES = 32;
    /** SHA-256 of the client-level DP parameters' canonical encoding (docs/PROTOCOL.md 7.1). */
    public static final int CLIENT_DP_DIGEST_BYTES = 32;

    private static final byte[] DIGEST_LABEL = "fedvae/secagg/config/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecAggRoundConfig proto;
    private final EncodingConfig encoding;
    private final TreeMap<Integer, byte[]> identityKeys;
    private final Map<Integer, Integer> shareIndex;

    private final byte[] digest;

    private RoundConfig(SecAggRoundConfig proto, EncodingConfig encoding, TreeMap<Integer, byte[]> identityKeys) {
        this.proto = proto;
        this.encoding = encoding;
        this.identityKeys = identityKeys;
        this.digest = computeDigest();
        Map<Integer, Integer> idx = new HashMap<>();
        int rank = 1;
        for (int id : identityKeys.keySet()) {
            idx.put(id, rank++);
        }
        this.shareIndex = idx;
    }

    /**
     * t = floor(2n/3) + 1: more than two thirds of the cohort, as Bonawitz et al. require against
     * an active coordinator colluding with up to a third of the participants; it also tolerates
     * up to a third dropping out.
     */
    public static int defaultThreshold(int cohortSize) {
        return 2 * cohortSize / 3 + 1;
    }

    public static RoundConfig of(
            long roundId, int threshold, int vectorLength, EncodingConfig encoding, Map<Integer, byte[]> identityKeys)
            throws SecAggViolation {
        return fromProto(builder(roundId, threshold, vectorLength, encoding, identityKeys)
                .build());
    }

    /** A SecAgg+ round: Harary graph of this degree on U1, threshold t per neighbourhood, checked against policy. */
    public static RoundConfig sparse(
            long roundId,
            int degree,
            int threshold,
            int vectorLength,
            EncodingConfig encoding,
            Map<Integer, byte[]> identityKeys,
            GraphPolicy policy)
            throws SecAggViolation {
        return fromProto(
                builder(roundId, threshold, vectorLength, encoding, identityKeys)
                        .setGraphDegree(degree)
                        .build(),
                policy);
    }

    private static SecAggRoundConfig.Builder builder(
            long roundId, int threshold, int vectorLength, EncodingConfig encoding, Map<Integer, byte[]> identityKeys) {
        SecAggRoundConfig.Builder b = SecAggRoundConfig.newBuilder()
                .setRoundId(roundId)
                .setThreshold(threshold)
                .setVectorLength(vectorLength)
                .setEncoding(EncodingParams.toProto(encoding));
        new TreeMap<>(identityKeys)
                .forEach((id, key) -> b.addCohort(
                        SecAggCohortMember.newBuilder().setId(id).setIdentityPublicKey(ByteString.copyFrom(key))));
        return b;
    }

    /**
     * Validates: 1 <= ids, no duplicate ids, 32-byte identity keys, 2 <= n <= 255, t <= n and
     * t > n/2 (so two disjoint groups of t cannot each sign a different survivor set in the
     * consistency check), t >= 2 (a "sum" of one participant is its update), a positive vector
     * length, and an encoding proven not to wrap mod 2^32 for at least n participants (the clip
     * count's limbs included: for a valid encoding they fit at every vector length, section 7).
     */
    public static RoundConfig fromProto(SecAggRoundConfig p) throws SecAggViolation {
        return fromProto(p, GraphRule.DEFAULT);
    }

    /**
     * As {@link #fromProto(SecAggRoundConfig)}, with the sparse graph's degree and threshold checked against
     * {@code rule} instead of the default assumptions (the complete graph's rules do not depend on it).
     */
    public static RoundConfig fromProto(SecAggRoundConfig p, GraphPolicy rule) throws SecAggViolation {
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        for (SecAggCohortMember m : p.getCohortList()) {
            if (m.getId() < 1) {
                throw invalid("participant ids start at 1 (0 is the coordinator), got "
                        + Integer.toUnsignedString(m.getId()));
            }
            if (m.getIdentityPublicKey().size() != IDENTITY_KEY_BYTES) {
                throw invalid("identity key of participant " + m.getId() + " has "
                        + m.getIdentityPublicKey().size() + " bytes, expected " + IDENTITY_KEY_BYTES);
            }
            if (keys.put(m.getId(), m.getIdentityPublicKey().toByteArray()) != null) {
                throw invalid("participant " + m.getId() + " appears twice in the cohort");
            }
        }
        int n = keys.size();
        int t = p.getThreshold();
        if (p.getGraphDegree() != 0) {
            SparseGraphCheck.check(n, p.getGraphDegree(), t, rule);
        } else {
            if (n < 2 || n > MAX_COHORT) {
                throw invalid("cohort has " + n + " participants, supported are 2.." + MAX_COHORT
                        + " with the complete graph");
            }
            if (t < 2 || t > n || 2 * t <= n) {
                throw invalid("threshold " + Integer.toUnsignedString(t) + " for a cohort of " + n
                        + " must satisfy n/2 < t <= n and t >= 2 (default " + defaultThreshold(n) + ")");
            }
        }
        if (p.getVectorLength() < 1 || p.getVectorLength() > Integer.MAX_VALUE - 16) {
            throw invalid("vector length " + Integer.toUnsignedString(p.getVectorLength()) + " is out of range");
        }
        if (!p.getClientDpDigest().isEmpty() && p.getClientDpDigest().size() != CLIENT_DP_DIGEST_BYTES) {
            throw invalid("client-level DP digest has " + p.getClientDpDigest().size() + " bytes, expected "
                    + CLIENT_DP_DIGEST_BYTES + " (or none)");
        }
        EncodingConfig encoding = EncodingParams.fromProto(p.getEncoding(), n);
        try {
            encoding.checkClipCountFits(p.getVectorLength());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        return new RoundConfig(p, encoding, keys);
    }

    static SecAggViolation invalid(String detail) {
        return new SecAggViolation(SecAggAbortReason.INVALID_CONFIG, detail);
    }

    public SecAggRoundConfig toProto() {
        return proto;
    }

    public long roundId() {
        return proto.getRoundId();
    }

    /** t: of the cohort with the complete graph, of each neighbourhood with the sparse graph. */
    public int threshold() {
        return proto.getThreshold();
    }

    /** The Harary graph's degree k, or 0 for the complete graph. */
    public int graphDegree() {
        return proto.getGraphDegree();
    }

    public boolean isSparse() {
        return proto.getGraphDegree() != 0;
    }

    /** Number of model parameters. */
    public int vectorLength() {
        return proto.getVectorLength();
    }

    /** Words in an encoded or masked vector: the parameters plus the {@link VectorLayout} trailer. */
    public int wordCount() {
        return VectorLayout.wordCount(proto.getVectorLength());
    }

    /** Whether the round declares client-level DP parameters, bound into the digest. */
    public boolean hasClientDpDigest() {
        return !proto.getClientDpDigest().isEmpty();
    }

    /** The bound client-level DP parameters' digest, or an empty array for a round without client-level DP. */
    public byte[] clientDpDigest() {
        return proto.getClientDpDigest().toByteArray();
    }

    /** This configuration with the client-level DP parameters' digest bound in (so in {@link #digest()}). */
    public RoundConfig withClientDpDigest(byte[] clientDpDigest) throws SecAggViolation {
        if (clientDpDigest.length != CLIENT_DP_DIGEST_BYTES) {
            throw invalid("client-level DP digest has " + clientDpDigest.length + " bytes, expected "
                    + CLIENT_DP_DIGEST_BYTES);
        }
        // Everything else was validated when this configuration was made (under its graph policy).
        SecAggRoundConfig bound = proto.toBuilder()
                .setClientDpDigest(ByteString.copyFrom(clientDpDigest))
                .build();
        return new RoundConfig(bound, encoding, identityKeys);
    }

    public EncodingConfig encoding() {
        return encoding;
    }

    public int cohortSize() {
        return identityKeys.size();
    }

    /** Cohort ids in ascending order. */
    public NavigableSet<Integer> cohortIds() {
        return Collections.unmodifiableNavigableSet(identityKeys.navigableKeySet());
    }

    public boolean contains(int id) {
        return identityKeys.containsKey(id);
    }

    /** A copy of the enrolled Ed25519 identity public key of a cohort member. */
    public byte[] identityKey(int id) {
        byte[] k = identityKeys.get(id);
        if (k == null) {
            throw new IllegalArgumentException("participant " + id + " is not in the cohort");
        }
        return Arrays.copyOf(k, k.length);
    }

    /** A member's Shamir share index (x coordinate): its 1-based rank in the cohort by id. */
    public int shareIndex(int id) {
        Integer i = shareIndex.get(id);
        if (i == null) {
            throw new IllegalArgumentException("participant " + id + " is not in the cohort");
        }
        return i;
    }

    /**
     * SHA-256 over a canonical encoding of everything in the configuration. Participants sign it
     * with their keys, so a coordinator that hands different participants different thresholds,
     * cohorts or encodings makes their signatures fail for one another and the round abort.
     */
    public byte[] digest() {
        return digest.clone();
    }

    private byte[] computeDigest() {
        ByteBuffer b = ByteBuffer.allocate(
                        DIGEST_LABEL.length + 8 + 6 * 4 + 4 + identityKeys.size() * (4 + IDENTITY_KEY_BYTES))
                .put(DIGEST_LABEL)
                .putLong(roundId())
                .putInt(threshold())
                .putInt(vectorLength())
                .putInt(Float.floatToIntBits(encoding.clipRange()))
                .putInt(encoding.scaleBits())
                .putInt(encoding.maxWeight())
                .putInt(encoding.maxParticipants())
                .putInt(identityKeys.size());
        identityKeys.forEach((id, key) -> b.putInt(id).put(key));
        byte[] prefix = b.array();
        if (isSparse()) {
            // Appended only for the sparse graph, so every complete-graph digest is what it was before SecAgg+.
            prefix = ByteBuffer.allocate(prefix.length + 4)
                    .put(prefix)
                    .putInt(graphDegree())
                    .array();
        }
        if (hasClientDpDigest()) {
            // Appended only in a client-level DP round, so every other digest is what it was before.
            prefix = ByteBuffer.allocate(prefix.length + CLIENT_DP_DIGEST_BYTES)
                    .put(prefix)
                    .put(proto.getClientDpDigest().toByteArray())
                    .array();
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(prefix);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "RoundConfig{round=" + roundId() + ", t=" + threshold() + ", n=" + cohortSize()
                + (isSparse() ? ", k=" + graphDegree() : "") + ", params=" + vectorLength()
                + (hasClientDpDigest() ? ", client-dp" : "") + "}";
    }
}
