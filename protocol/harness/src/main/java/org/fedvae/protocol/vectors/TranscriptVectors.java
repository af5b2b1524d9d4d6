package org.fedvae.protocol.vectors;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedvae.protocol.crypto.AesGcm;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.crypto.KeyDerivation;
import org.fedvae.protocol.crypto.MaskPrg;
import org.fedvae.protocol.crypto.SessionId;
import org.fedvae.protocol.crypto.X25519;
import org.fedvae.protocol.encoding.CohortEvaluation;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.proto.AdvertiseKeys;
import org.fedvae.protocol.proto.EncryptedShares;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.ShareCommitment;
import org.fedvae.protocol.proto.ShareCommitments;
import org.fedvae.protocol.proto.SharePair;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.secagg.SecAggViolation;

/**
 * Records one scenario and turns it into a transcript file, checking along the way every
 * derivation of the specification against the messages the state machines produced: the
 * advertised keys against the drawn private keys, every signature against the spec's payload
 * bytes, every share ciphertext against an independent encryption, every masked input against
 * an independent masking, and the final sum against the survivors' encoded updates.
 */
final class TranscriptVectors {

    final RoundScenario scenario;
    final RoundRecorder.Recording recording;
    final RoundConfig config;
    final SortedMap<Integer, ParticipantSecrets> secrets = new TreeMap<>();
    final byte[] sessionId;
    final byte[] configDigest;
    /** Signed-payload vectors found in this round (for ed25519.json). */
    final List<Map<String, Object>> signatures = new ArrayList<>();
    /** Share-encryption vectors (for share_encryption.json), one per ordered pair. */
    final List<Map<String, Object>> shareEncryptions = new ArrayList<>();
    /** Key-derivation vectors (for hkdf.json). */
    final List<Map<String, Object>> derivations = new ArrayList<>();

    private final SortedMap<Integer, AdvertiseKeys> advertised = new TreeMap<>();
    private final List<SessionId.Entry> arrivalOrder = new ArrayList<>();

    TranscriptVectors(RoundScenario scenario) throws SecAggViolation {
        this.scenario = scenario;
        this.recording = RoundRecorder.run(scenario);
        this.config = recording.config();
        this.configDigest = SpecBytes.sha256(SpecBytes.configDigestInput(
                config.roundId(),
                config.threshold(),
                config.vectorLength(),
                config.encoding().clipRange(),
                config.encoding().scaleBits(),
                config.encoding().maxWeight(),
                config.encoding().maxParticipants(),
                identityKeys()));
        V.checkEqual(configDigest, config.digest(), "config digest of " + scenario.name());
        for (int id : config.cohortIds()) {
            secrets.put(id, ParticipantSecrets.derive(scenario, config, id));
        }
        for (RoundRecorder.Event e : recording.events()) {
            if (e.kind() == RoundRecorder.Event.Kind.TO_COORDINATOR
                    && e.message().hasAdvertiseKeys()) {
                advertised.put(e.peer(), e.message().getAdvertiseKeys());
                arrivalOrder.add(new SessionId.Entry(
                        e.peer(),
                        e.message().getAdvertiseKeys().getCPk().toByteArray(),
                        e.message().getAdvertiseKeys().getSPk().toByteArray()));
            }
        }
        this.sessionId = SessionId.compute(config.roundId(), arrivalOrder);
        checkAdvertisements();
        checkShares();
        checkMaskedInputs();
        checkConsistencySignatures();
        checkSum();
    }

    private SortedMap<Integer, byte[]> identityKeys() {
        SortedMap<Integer, byte[]> keys = new TreeMap<>();
        for (int id : config.cohortIds()) {
            keys.put(id, config.identityKey(id));
        }
        return keys;
    }

    private void checkAdvertisements() {
        advertised.forEach((id, a) -> {
            ParticipantSecrets s = secrets.get(id);
            V.checkEqual(s.c().publicKey(), a.getCPk().toByteArray(), "c_pk of " + id);
            V.checkEqual(s.s().publicKey(), a.getSPk().toByteArray(), "s_pk of " + id);
            byte[] payload = SpecBytes.advertisePayload(
                    config.roundId(), configDigest, id, s.c().publicKey(), s.s().publicKey());
            V.check(
                    Ed25519.verify(
                            config.identityKey(id), payload, a.getSignature().toByteArray()),
                    "AdvertiseKeys signature of " + id + " verifies over the spec payload");
            Ed25519KeyPair identity = RoundScenario.identity(id);
            Map<String, Object> v = Json.object();
            v.put("kind", "advertise");
            v.put("round", scenario.name());
            v.put("signer_id", id);
            v.put("identity_private_key", V.hex(identity.privateKey()));
            v.put("identity_public_key", V.hex(identity.publicKey()));
            v.put("round_id", Long.toUnsignedString(config.roundId()));
            v.put("config_digest", V.hex(configDigest));
            v.put("c_pk", V.hex(s.c().publicKey()));
            v.put("s_pk", V.hex(s.s().publicKey()));
            v.put("payload", V.hex(payload));
            v.put("signature", V.hex(a.getSignature().toByteArray()));
            signatures.add(v);
        });
    }

    /** Every ShareKeys ciphertext equals an independent encryption of the spec's SharePair. */
    private void checkShares() {
        for (RoundRecorder.Event e : recording.events()) {
            if (e.kind() != RoundRecorder.Event.Kind.TO_COORDINATOR
                    || !e.message().hasShareKeys()) {
                continue;
            }
            int u = e.peer();
            Map<Integer, byte[][]> committed =
                    checkCommitments(u, e.message().getShareKeys().getCommitments());
            for (EncryptedShares enc : e.message().getShareKeys().getSharesList()) {
                int v = enc.getRecipientId();
                ParticipantSecrets su = secrets.get(u);
                int index = config.shareIndex(v);
                SharePair pair = SharePair.newBuilder()
                        .setSelfMaskShare(com.google.protobuf.ByteString.copyFrom(su.selfMaskShare(index)))
                        .setMaskKeyShare(com.google.protobuf.ByteString.copyFrom(su.maskKeyShare(index)))
                        .build();
                byte[] shared =
                        X25519.agree(su.c().privateKey(), secrets.get(v).c().publicKey());
                V.checkEqual(
                        shared,
                        X25519.agree(secrets.get(v).c().privateKey(), su.c().publicKey()),
                        "c agreement symmetric");
                byte[] key = KeyDerivation.shareEncryptionKey(shared, sessionId);
                byte[] nonce = SpecBytes.shareNonce(u, v);
                byte[] aad = SpecBytes.shareAad(sessionId, u, v);
                byte[] expected = AesGcm.encrypt(key, nonce, pair.toByteArray(), aad);
                V.checkEqual(expected, enc.getCiphertext().toByteArray(), "share ciphertext " + u + " -> " + v);
                Map<String, Object> c = Json.object();
                c.put("round", scenario.name());
                c.put("sender_id", u);
                c.put("recipient_id", v);
                c.put("recipient_share_index", index);
                c.put("sender_c_sk", V.hex(su.c().privateKey()));
                c.put("recipient_c_pk", V.hex(secrets.get(v).c().publicKey()));
                c.put("shared_secret", V.hex(shared));
                c.put("session_id", V.hex(sessionId));
                c.put("key", V.hex(key));
                c.put("nonce", V.hex(nonce));
                c.put("aad", V.hex(aad));
                c.put("self_mask_share", V.hex(pair.getSelfMaskShare().toByteArray()));
                c.put("mask_key_share", V.hex(pair.getMaskKeyShare().toByteArray()));
                c.put("self_mask_commitment", V.hex(committed.get(v)[0]));
                c.put("mask_key_commitment", V.hex(committed.get(v)[1]));
                c.put("plaintext", V.hex(pair.toByteArray()));
                c.put("ciphertext", V.hex(expected));
                shareEncryptions.add(c);
                if (u < v) {
                    derivations.add(derivation(
                            "share-encryption-key", u + "," + v, shared, key, KeyDerivationLabels.SHARE_ENCRYPTION));
                }
            }
        }
    }

    /**
     * Protocol v2: u's commitment list has one entry per member of U1 in ascending order, each the
     * spec's hash of the share u dealt, and u's signature verifies over the spec payload. Returns
     * the commitments by recipient (self-mask, mask-key) and records the signature vector.
     */
    private Map<Integer, byte[][]> checkCommitments(int u, ShareCommitments list) {
        ParticipantSecrets su = secrets.get(u);
        List<Integer> u1 = new ArrayList<>(advertised.keySet());
        V.check(list.getCommitmentsCount() == u1.size(), "commitments of " + u + " cover U1");
        Map<Integer, byte[][]> byRecipient = new TreeMap<>();
        List<SpecBytes.Commitment> entries = new ArrayList<>();
        List<Object> json = new ArrayList<>();
        for (int i = 0; i < u1.size(); i++) {
            int v = u1.get(i);
            int index = config.shareIndex(v);
            byte[] b = SpecBytes.shareCommitment(sessionId, u, v, 'b', su.selfMaskShare(index));
            byte[] s = SpecBytes.shareCommitment(sessionId, u, v, 's', su.maskKeyShare(index));
            ShareCommitment got = list.getCommitments(i);
            V.check(got.getRecipientId() == v, "commitment " + i + " of " + u + " is for " + v);
            V.checkEqual(b, got.getSelfMaskCommitment().toByteArray(), "self-mask commitment " + u + " -> " + v);
            V.checkEqual(s, got.getMaskKeyCommitment().toByteArray(), "mask-key commitment " + u + " -> " + v);
            byRecipient.put(v, new byte[][] {b, s});
            entries.add(new SpecBytes.Commitment(v, b, s));
            Map<String, Object> j = Json.object();
            j.put("recipient_id", v);
            j.put("self_mask_commitment", V.hex(b));
            j.put("mask_key_commitment", V.hex(s));
            json.add(j);
        }
        byte[] payload = SpecBytes.shareCommitmentsPayload(config.roundId(), sessionId, u, entries);
        byte[] sig = list.getSignature().toByteArray();
        V.check(Ed25519.verify(config.identityKey(u), payload, sig), "share-commitments signature of " + u);
        Ed25519KeyPair identity = RoundScenario.identity(u);
        Map<String, Object> v = Json.object();
        v.put("kind", "share-commitments");
        v.put("round", scenario.name());
        v.put("signer_id", u);
        v.put("identity_private_key", V.hex(identity.privateKey()));
        v.put("identity_public_key", V.hex(identity.publicKey()));
        v.put("round_id", Long.toUnsignedString(config.roundId()));
        v.put("session_id", V.hex(sessionId));
        v.put("commitments", json);
        v.put("payload", V.hex(payload));
        v.put("signature", V.hex(sig));
        signatures.add(v);
        return byRecipient;
    }

    /** Every MaskedInput equals x + PRG(b) + sum of +-PRG(s_uv) over the sender's U2, recomputed here. */
    private void checkMaskedInputs() {
        for (RoundRecorder.Event e : recording.events()) {
            if (e.kind() != RoundRecorder.Event.Kind.TO_COORDINATOR
                    || !e.message().hasMaskedInput()) {
                continue;
            }
            int u = e.peer();
            ParticipantSecrets su = secrets.get(u);
            int[] y = su.encoded().words().clone();
            byte[] selfKey = KeyDerivation.selfMaskKey(su.selfMaskSeed(), sessionId);
            add(y, MaskPrg.words(selfKey, new byte[16], y.length), false);
            derivations.add(derivation(
                    "self-mask-key", Integer.toString(u), su.selfMaskSeed(), selfKey, KeyDerivationLabels.SELF_MASK));
            for (int v : u2Of(u)) {
                byte[] shared =
                        X25519.agree(su.s().privateKey(), secrets.get(v).s().publicKey());
                byte[] key = KeyDerivation.pairwiseMaskKey(shared, sessionId);
                add(y, MaskPrg.words(key, new byte[16], y.length), u > v);
                if (u < v) {
                    derivations.add(derivation(
                            "pairwise-mask-key", u + "," + v, shared, key, KeyDerivationLabels.PAIRWISE_MASK));
                }
            }
            V.check(
                    Arrays.equals(
                            y, unpack(e.message().getMaskedInput().getWordsLe().toByteArray())),
                    "masked input of " + u + " matches the spec's masking");
        }
    }

    /** The peers whose routed shares reached u: U2 minus u, as u saw it. */
    NavigableSet<Integer> u2Of(int u) {
        NavigableSet<Integer> peers = new TreeSet<>();
        for (RoundRecorder.Event e : recording.events()) {
            if (e.kind() == RoundRecorder.Event.Kind.TO_PARTICIPANT
                    && e.peer() == u
                    && e.message().hasRoutedShares()) {
                e.message().getRoutedShares().getCiphertextsList().forEach(c -> peers.add(c.getSenderId()));
            }
        }
        return peers;
    }

    private void checkConsistencySignatures() {
        for (RoundRecorder.Event e : recording.events()) {
            if (e.kind() != RoundRecorder.Event.Kind.TO_COORDINATOR
                    || !e.message().hasConsistencyCheckSignature()) {
                continue;
            }
            List<Integer> survivors = survivorsSigned(e.peer());
            byte[] payload = SpecBytes.consistencyPayload(config.roundId(), sessionId, survivors);
            byte[] sig =
                    e.message().getConsistencyCheckSignature().getSignature().toByteArray();
            V.check(Ed25519.verify(config.identityKey(e.peer()), payload, sig), "consistency signature of " + e.peer());
            Ed25519KeyPair identity = RoundScenario.identity(e.peer());
            Map<String, Object> v = Json.object();
            v.put("kind", "consistency");
            v.put("round", scenario.name());
            v.put("signer_id", e.peer());
            v.put("identity_private_key", V.hex(identity.privateKey()));
            v.put("identity_public_key", V.hex(identity.publicKey()));
            v.put("round_id", Long.toUnsignedString(config.roundId()));
            v.put("session_id", V.hex(sessionId));
            v.put("survivors", V.ints(survivors));
            v.put("payload", V.hex(payload));
            v.put("signature", V.hex(sig));
            signatures.add(v);
        }
    }

    private List<Integer> survivorsSigned(int signer) {
        for (RoundRecorder.Event e : recording.events()) {
            if (e.kind() == RoundRecorder.Event.Kind.TO_PARTICIPANT
                    && e.peer() == signer
                    && e.message().hasConsistencyCheckRequest()) {
                List<Integer> l =
                        new ArrayList<>(e.message().getConsistencyCheckRequest().getSurvivorsList());
                l.sort(null);
                return l;
            }
        }
        throw new IllegalStateException("participant " + signer + " signed without a request");
    }

    private void checkSum() {
        V.check(recording.coordinator().stage() == SecAggStage.COMPLETED, scenario.name() + " completes");
        int[] expected = new int[config.wordCount()];
        for (int id : recording.coordinator().survivors().orElseThrow()) {
            add(expected, secrets.get(id).encoded().words(), false);
        }
        V.check(
                Arrays.equals(expected, recording.coordinator().unmaskedSum().orElseThrow()),
                "unmasked sum of " + scenario.name() + " equals the survivors' encoded updates");
    }

    private Map<String, Object> derivation(String use, String who, byte[] ikm, byte[] okm, String info) {
        V.checkEqual(
                org.fedvae.protocol.crypto.Hkdf.sha256(ikm, sessionId, SpecBytes.ascii(info), 32),
                okm,
                use + " " + who);
        Map<String, Object> c = Json.object();
        c.put("use", use);
        c.put("round", scenario.name());
        c.put("participants", who);
        c.put("ikm", V.hex(ikm));
        c.put("salt", V.hex(sessionId));
        c.put("info_ascii", info);
        c.put("info", V.hex(SpecBytes.ascii(info)));
        c.put("length", 32);
        c.put("okm", V.hex(okm));
        return c;
    }

    /** A mask PRG vector whose key is participant u's self-mask key in this round. */
    Map<String, Object> selfMaskPrgCase(int u) {
        byte[] key = KeyDerivation.selfMaskKey(secrets.get(u).selfMaskSeed(), sessionId);
        return CryptoVectors.maskPrgCase(
                scenario.name() + "/self-mask-" + u,
                key,
                "self-mask key of participant " + u + " in transcript " + scenario.name());
    }

    Map<String, Object> sessionIdCase() {
        return CryptoVectors.sessionIdCase("transcript-" + scenario.name(), config.roundId(), arrivalOrder);
    }

    Map<String, Object> configCase() {
        return ConfigVectors.configCase(
                "transcript-" + scenario.name(),
                config.toProto().toByteArray(),
                SpecBytes.configDigestInput(
                        config.roundId(),
                        config.threshold(),
                        config.vectorLength(),
                        config.encoding().clipRange(),
                        config.encoding().scaleBits(),
                        config.encoding().maxWeight(),
                        config.encoding().maxParticipants(),
                        identityKeys()),
                configDigest,
                config);
    }

    Map<String, Object> transcript() {
        Map<String, Object> f = CryptoVectors.header("A whole secure-aggregation round: " + scenario.description()
                + ". Replay: give each participant its SecureRandom (the SHA-256 counter stream of drbg_seed), call "
                + "start(), then encode its update with SplitMix64 seeded by the stream's next 8 bytes (rounding_seed) "
                + "and submit it; feed the events in order (see docs/PROTOCOL.md, Test vectors).");
        f.put("name", scenario.name());
        f.put("config", configJson());
        List<Object> people = new ArrayList<>();
        for (int id : config.cohortIds()) {
            people.add(participantJson(id));
        }
        f.put("participants", people);
        f.put("session_id", V.hex(sessionId));
        List<Object> events = new ArrayList<>();
        for (RoundRecorder.Event e : recording.events()) {
            Map<String, Object> m = Json.object();
            switch (e.kind()) {
                case TO_COORDINATOR -> {
                    m.put("event", "to_coordinator");
                    m.put("from", e.peer());
                }
                case TO_PARTICIPANT -> {
                    m.put("event", "to_participant");
                    m.put("to", e.peer());
                    m.put("delivered", e.delivered());
                }
                case DEADLINE -> m.put("event", "deadline");
            }
            if (e.message() != null) {
                m.put("type", e.message().getBodyCase().name());
                m.put("message", V.hex(e.message().toByteArray()));
            }
            events.add(m);
        }
        f.put("events", events);
        Map<String, Object> result = Json.object();
        result.put("coordinator_stage", recording.coordinator().stage().name());
        result.put("survivors", V.ints(recording.coordinator().survivors().orElseThrow()));
        int[] sum = recording.coordinator().unmaskedSum().orElseThrow();
        result.put("sum_words_le", V.wordsLe(sum));
        result.put("sum_words", V.unsigned(sum));
        float[] average = recording.coordinator().averageUpdate().orElseThrow();
        result.put("average_f32le", V.floatsLe(average));
        CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(sum, config.encoding());
        result.put("loss_units", evaluation.lossUnits());
        result.put("test_samples", evaluation.samples());
        result.put("clipped_coordinates", evaluation.clippedCoordinates());
        Map<String, Object> stages = Json.object();
        RoundRecorder.stages(recording).forEach((id, st) -> stages.put(Integer.toString(id), st.name()));
        result.put("participant_stages", stages);
        f.put("result", result);
        return f;
    }

    private Map<String, Object> configJson() {
        Map<String, Object> c = Json.object();
        c.put("round_id", Long.toUnsignedString(config.roundId()));
        c.put("threshold", config.threshold());
        c.put("vector_length", config.vectorLength());
        Map<String, Object> enc = Json.object();
        enc.put("clip_range", config.encoding().clipRange());
        enc.put("scale_bits", config.encoding().scaleBits());
        enc.put("max_weight", config.encoding().maxWeight());
        enc.put("max_participants", config.encoding().maxParticipants());
        c.put("encoding", enc);
        c.put("proto", V.hex(config.toProto().toByteArray()));
        c.put("digest", V.hex(configDigest));
        return c;
    }

    private Map<String, Object> participantJson(int id) {
        ParticipantSecrets s = secrets.get(id);
        Ed25519KeyPair identity = RoundScenario.identity(id);
        Map<String, Object> p = Json.object();
        p.put("id", id);
        p.put("share_index", config.shareIndex(id));
        p.put("identity_private_key", V.hex(identity.privateKey()));
        p.put("identity_public_key", V.hex(identity.publicKey()));
        p.put("drbg_seed_utf8", scenario.participantSeedLabel(id));
        p.put(
                "drops_before",
                scenario.dropAt().containsKey(id) ? scenario.dropAt().get(id).name() : null);
        p.put("delta_f32le", V.floatsLe(scenario.deltas().get(id)));
        p.put("weight", scenario.weights().get(id));
        LocalEvaluation ev = scenario.evaluations().get(id);
        p.put("test_loss", Double.isNaN(ev.meanLoss()) ? "NaN" : ev.meanLoss());
        p.put("test_samples", ev.samples());
        p.put("rounding_seed", Long.toUnsignedString(s.roundingSeed()));
        p.put("encoded_words", V.unsigned(s.encoded().words()));
        p.put("clipped_count", s.encoded().clippedCount());
        p.put("c_sk", V.hex(s.c().privateKey()));
        p.put("c_pk", V.hex(s.c().publicKey()));
        p.put("s_sk", V.hex(s.s().privateKey()));
        p.put("s_pk", V.hex(s.s().publicKey()));
        p.put("self_mask_seed", V.hex(s.selfMaskSeed()));
        List<Object> bRows = new ArrayList<>();
        s.bCoefficients().forEach(r -> bRows.add(V.hex(r)));
        List<Object> sRows = new ArrayList<>();
        s.sCoefficients().forEach(r -> sRows.add(V.hex(r)));
        p.put("self_mask_seed_coefficients", bRows);
        p.put("s_sk_coefficients", sRows);
        return p;
    }

    private static void add(int[] target, int[] words, boolean subtract) {
        for (int i = 0; i < target.length; i++) {
            target[i] += subtract ? -words[i] : words[i];
        }
    }

    private static int[] unpack(byte[] le) {
        int[] out = new int[le.length / 4];
        java.nio.ByteBuffer.wrap(le)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .asIntBuffer()
                .get(out);
        return out;
    }

    static SecAggMessage parse(byte[] bytes) {
        try {
            return SecAggMessage.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HKDF info strings of docs/PROTOCOL.md, spelled out again. */
    static final class KeyDerivationLabels {
        static final String SHARE_ENCRYPTION = "fedvae/secagg/v1/share-encryption-key";
        static final String PAIRWISE_MASK = "fedvae/secagg/v1/pairwise-mask-key";
        static final String SELF_MASK = "fedvae/secagg/v1/self-mask-key";

        private KeyDerivationLabels() {}
    }
}
