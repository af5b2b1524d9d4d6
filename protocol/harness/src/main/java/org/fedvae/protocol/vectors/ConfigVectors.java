package org.fedvae.protocol.vectors;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggCohortMember;
import org.fedvae.protocol.proto.SecAggEncoding;
import org.fedvae.protocol.proto.SecAggRoundConfig;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggViolation;

/** round_config.json: accepted configurations with their digests and share indices, and refused ones. */
final class ConfigVectors {

    private ConfigVectors() {}

    static Map<String, Object> build(List<Map<String, Object>> accepted) {
        SecAggRoundConfig base = base();
        List<Object> refused = new ArrayList<>();
        refused.add(refused("threshold-not-above-half", base, b -> b.setThreshold(2)));
        refused.add(refused("threshold-above-cohort", base, b -> b.setThreshold(5)));
        refused.add(refused(
                "cohort-of-one", base, b -> b.clearCohort().addCohort(member(5)).setThreshold(1)));
        refused.add(refused("participant-id-zero", base, b -> b.setCohort(0, member(0))));
        refused.add(refused("participant-id-above-2^31-1", base, b -> b.setCohort(0, member(0x80000000))));
        refused.add(refused("duplicate-participant", base, b -> b.setCohort(1, member(5))));
        refused.add(refused(
                "identity-key-31-bytes",
                base,
                b -> b.setCohort(
                        0, b.getCohort(0).toBuilder().setIdentityPublicKey(ByteString.copyFrom(new byte[31])))));
        refused.add(refused("vector-length-zero", base, b -> b.setVectorLength(0)));
        refused.add(refused(
                "encoding-can-wrap",
                base,
                b -> b.setEncoding(b.getEncoding().toBuilder()
                        .setScaleBits(27)
                        .setClipRange(1f)
                        .setMaxWeight(1)
                        .setMaxParticipants(4))));
        refused.add(refused(
                "encoding-max-participants-below-cohort",
                base,
                b -> b.setEncoding(b.getEncoding().toBuilder().setMaxParticipants(3))));
        refused.add(refused("cohort-of-256", base, b -> {
            b.clearCohort();
            for (int id = 1; id <= 256; id++) {
                b.addCohort(member(id));
            }
            return b.setThreshold(200)
                    .setEncoding(
                            b.getEncoding().toBuilder().setMaxParticipants(256).setScaleBits(8));
        }));
        // The low limbs of the loss sum and the clip count: 65,538 * (2^16 - 1) reaches 2^32.
        refused.add(refused(
                "trailer-low-limb-can-wrap",
                base,
                b -> b.setEncoding(b.getEncoding().toBuilder()
                        .setClipRange(1f)
                        .setScaleBits(0)
                        .setMaxWeight(1)
                        .setMaxParticipants(65_538))));
        refused.add(refused(
                "client-dp-digest-31-bytes", base, b -> b.setClientDpDigest(ByteString.copyFrom(new byte[31]))));
        Map<String, Object> f =
                CryptoVectors.header("Round configurations. digest = SHA-256(\"" + SpecBytes.CONFIG_LABEL
                        + "\" || round_id (8 BE) || threshold || vector_length || float32 bits of clip_range || scale_bits || "
                        + "max_weight || max_participants || cohort size || for each member in ascending id order: id || "
                        + "identity key (32)), every integer 4 bytes big-endian unless stated. share_indices: 1-based rank by "
                        + "id. Every refused configuration MUST be refused with INVALID_CONFIG.");
        f.put("accepted", accepted);
        f.put("refused", refused);
        return f;
    }

    /**
     * max_participants 10,000 with 652,824 coordinates: max_participants * vector_length is above 2^32,
     * which a one-word clip count could not carry; the two-limb clip count (section 7) can.
     */
    static Map<String, Object> wideClipCountCase() throws SecAggViolation {
        SecAggRoundConfig proto = base().toBuilder()
                .setVectorLength(652_824)
                .setEncoding(SecAggEncoding.newBuilder()
                        .setClipRange(0.5f)
                        .setScaleBits(8)
                        .setMaxWeight(100)
                        .setMaxParticipants(10_000))
                .build();
        V.check(
                (long) proto.getEncoding().getMaxParticipants() * proto.getVectorLength() >= 1L << 32,
                "the case needs max_participants * vector_length >= 2^32");
        RoundConfig config = RoundConfig.fromProto(proto);
        byte[] input = SpecBytes.configDigestInput(proto);
        byte[] digest = SpecBytes.sha256(input);
        V.checkEqual(digest, config.digest(), "config digest of the wide clip-count case");
        Map<String, Object> c = configCase("clip-count-above-one-word", proto.toByteArray(), input, digest, config);
        c.put(
                "note",
                "max_participants * vector_length = 6,528,240,000 >= 2^32: accepted, the clip count travels in two "
                        + "limbs (section 7), whose cohort sums stay below 2^32 for every accepted encoding.");
        return c;
    }

    /** An accepted case of round_config.json: the message, its digest input and digest, and the share indices. */
    static Map<String, Object> configCase(
            String name, byte[] config, byte[] digestInput, byte[] digest, RoundConfig parsed) {
        Map<String, Object> c = Json.object();
        c.put("name", name);
        c.put("config", V.hex(config));
        c.put("digest_input", V.hex(digestInput));
        c.put("digest", V.hex(digest));
        Map<String, Object> indices = Json.object();
        parsed.cohortIds().forEach(id -> indices.put(Integer.toString(id), parsed.shareIndex(id)));
        c.put("share_indices", indices);
        return c;
    }

    static SecAggRoundConfig base() {
        SecAggRoundConfig.Builder b = SecAggRoundConfig.newBuilder()
                .setRoundId(11)
                .setThreshold(3)
                .setVectorLength(10)
                .setEncoding(SecAggEncoding.newBuilder()
                        .setClipRange(0.5f)
                        .setScaleBits(16)
                        .setMaxWeight(1000)
                        .setMaxParticipants(4));
        for (int id : new int[] {5, 6, 7, 8}) {
            b.addCohort(member(id));
        }
        return b.build();
    }

    static SecAggCohortMember member(int id) {
        byte[] key = new byte[32];
        DeterministicRandom.of("vectors/config/identity/" + Integer.toUnsignedString(id))
                .nextBytes(key);
        return SecAggCohortMember.newBuilder()
                .setId(id)
                .setIdentityPublicKey(ByteString.copyFrom(key))
                .build();
    }

    private static Map<String, Object> refused(
            String name, SecAggRoundConfig base, UnaryOperator<SecAggRoundConfig.Builder> change) {
        SecAggRoundConfig p = change.apply(base.toBuilder()).build();
        SecAggAbortReason reason = null;
        try {
            RoundConfig.fromProto(p);
        } catch (SecAggViolation v) {
            reason = v.reason();
        }
        V.check(
                reason == SecAggAbortReason.INVALID_CONFIG,
                "config " + name + " refused with INVALID_CONFIG, got " + reason);
        Map<String, Object> m = Json.object();
        m.put("name", name);
        m.put("config", V.hex(p.toByteArray()));
        m.put("reason", reason.name());
        return m;
    }
}
