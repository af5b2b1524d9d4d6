package org.fedvae.protocol.vectors;

import static org.fedvae.protocol.vectors.VectorFile.hex;
import static org.fedvae.protocol.vectors.VectorFile.integer;
import static org.fedvae.protocol.vectors.VectorFile.list;
import static org.fedvae.protocol.vectors.VectorFile.obj;
import static org.fedvae.protocol.vectors.VectorFile.str;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.encoding.CohortEvaluation;
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.RoutedCiphertext;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SecAggRoundConfig;
import org.fedvae.protocol.proto.ShareCommitment;
import org.fedvae.protocol.proto.ShareCommitments;
import org.fedvae.protocol.secagg.CoordinatorStep;
import org.fedvae.protocol.secagg.Outgoing;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggViolation;

/**
 * Replays a transcript file through fresh state machines and lists every difference. Each side
 * is replayed on its own: the coordinator gets the recorded participant messages and deadlines
 * and must produce exactly the recorded coordinator messages; each participant gets the recorded
 * coordinator messages it received and must produce exactly its recorded messages. Then the sum
 * must equal the survivors' encoded updates.
 */
final class TranscriptReplay {

    private final Map<String, Object> file;
    private final RoundConfig config;
    final List<String> mismatches = new ArrayList<>();

    TranscriptReplay(Map<String, Object> file) throws InvalidProtocolBufferException, SecAggViolation {
        this.file = file;
        this.config = RoundConfig.fromProto(SecAggRoundConfig.parseFrom(hex(obj(file, "config"), "proto")));
    }

    static List<String> run(Map<String, Object> file) throws Exception {
        TranscriptReplay r = new TranscriptReplay(file);
        r.replayCoordinator();
        r.replayParticipants();
        r.checkCommitments();
        r.checkSum();
        return r.mismatches;
    }

    private void replayCoordinator() throws InvalidProtocolBufferException {
        SecAggCoordinator coordinator = new SecAggCoordinator(config);
        List<Map<String, Object>> events = list(file, "events");
        int i = 0;
        while (i < events.size()) {
            Map<String, Object> e = events.get(i++);
            CoordinatorStep step;
            switch (str(e, "event")) {
                case "to_coordinator" -> step = coordinator.handle(SecAggMessage.parseFrom(hex(e, "message")));
                case "deadline" -> step = coordinator.stageDeadlinePassed();
                default -> {
                    mismatches.add(
                            "event " + (i - 1) + ": a coordinator message the coordinator did not produce there");
                    continue;
                }
            }
            if (step.rejected()) {
                mismatches.add("event " + (i - 1) + ": coordinator rejected it: "
                        + step.rejection().get());
            }
            for (Outgoing o : step.messages()) {
                if (i >= events.size() || !"to_participant".equals(str(events.get(i), "event"))) {
                    mismatches.add("event " + i + ": coordinator sent an unrecorded message to " + o.recipientId());
                    continue;
                }
                Map<String, Object> expected = events.get(i++);
                if (integer(expected, "to") != o.recipientId()
                        || !Arrays.equals(hex(expected, "message"), o.message().toByteArray())) {
                    mismatches.add("event " + (i - 1) + ": coordinator message differs (to " + o.recipientId() + ")");
                }
            }
        }
        Map<String, Object> result = obj(file, "result");
        if (!coordinator.stage().name().equals(str(result, "coordinator_stage"))) {
            mismatches.add("coordinator ends in " + coordinator.stage());
        }
        coordinator.unmaskedSum().ifPresent(sum -> {
            if (!Arrays.equals(VectorFile.wordsLe(hex(result, "sum_words_le")), sum)) {
                mismatches.add("coordinator's unmasked sum differs");
            }
        });
        coordinator.survivors().ifPresent(s -> {
            if (!Arrays.equals(
                    VectorFile.ints(result, "survivors"),
                    s.stream().mapToInt(Integer::intValue).toArray())) {
                mismatches.add("survivors differ: " + s);
            }
        });
    }

    private void replayParticipants() throws InvalidProtocolBufferException {
        Map<Integer, SecAggParticipant> machines = new TreeMap<>();
        Map<Integer, List<String>> produced = new TreeMap<>();
        for (Map<String, Object> p : list(file, "participants")) {
            int id = integer(p, "id");
            DeterministicRandom random = DeterministicRandom.of(str(p, "drbg_seed_utf8"));
            SecAggParticipant m = new SecAggParticipant(config, id, hex(p, "identity_private_key"), random);
            machines.put(id, m);
            produced.put(id, new ArrayList<>());
            if (!"ADVERTISE_KEYS".equals(p.get("drops_before"))) {
                m.start().forEach(out -> produced.get(id).add(hexOf(out)));
                // The participant's own path: the rounding seed comes from its SecureRandom when it encodes.
                int[] words = UpdateEncoder.encode(
                                VectorFile.floatsLe(hex(p, "delta_f32le")),
                                integer(p, "weight"),
                                EncodingVectorsTest.evaluation(p),
                                config.encoding(),
                                RoundingSource.freshFrom(random))
                        .words();
                if (!Arrays.equals(words, VectorFile.words(p, "encoded_words"))) {
                    mismatches.add("participant " + id + " encodes its update differently than recorded");
                }
                m.submitEncodedInput(words).forEach(out -> produced.get(id).add(hexOf(out)));
            }
        }
        Map<Integer, List<String>> recorded = new TreeMap<>();
        machines.keySet().forEach(id -> recorded.put(id, new ArrayList<>()));
        for (Map<String, Object> e : list(file, "events")) {
            if ("to_participant".equals(str(e, "event")) && Boolean.TRUE.equals(e.get("delivered"))) {
                int to = integer(e, "to");
                machines.get(to)
                        .handle(SecAggMessage.parseFrom(hex(e, "message")))
                        .forEach(out -> produced.get(to).add(hexOf(out)));
            } else if ("to_coordinator".equals(str(e, "event"))) {
                recorded.get(integer(e, "from")).add(str(e, "message"));
            }
        }
        recorded.forEach((id, messages) -> {
            if (!messages.equals(produced.get(id))) {
                mismatches.add("participant " + id + " sent different messages than recorded");
            }
        });
        obj(obj(file, "result"), "participant_stages").forEach((id, stage) -> {
            if (!machines.get(Integer.parseInt(id)).stage().name().equals(stage)) {
                mismatches.add("participant " + id + " ends in "
                        + machines.get(Integer.parseInt(id)).stage());
            }
        });
    }

    /**
     * Protocol v2, checked from the listed secrets rather than by the machines: each dealer's
     * commitments are the spec's hashes of the shares its Shamir rows give, signed over the spec
     * payload; every routed list is the one its dealer sent; every revealed share matches its
     * owner's commitment for the revealer.
     */
    private void checkCommitments() throws InvalidProtocolBufferException {
        byte[] sessionId = hex(file, "session_id");
        Map<Integer, Map<String, Object>> people = new TreeMap<>();
        list(file, "participants").forEach(p -> people.put(integer(p, "id"), p));
        Map<Integer, ShareCommitments> dealt = new TreeMap<>();
        for (Map<String, Object> e : list(file, "events")) {
            if (!e.containsKey("message")) {
                continue;
            }
            SecAggMessage m = SecAggMessage.parseFrom(hex(e, "message"));
            if (m.hasShareKeys()) {
                int u = integer(e, "from");
                dealt.put(u, m.getShareKeys().getCommitments());
                checkDealer(sessionId, u, people.get(u), m.getShareKeys().getCommitments());
            } else if (m.hasRoutedShares()) {
                for (RoutedCiphertext c : m.getRoutedShares().getCiphertextsList()) {
                    if (!c.getSenderCommitments().equals(dealt.get(c.getSenderId()))) {
                        mismatches.add("commitments routed to " + integer(e, "to") + " are not what " + c.getSenderId()
                                + " sent");
                    }
                }
            } else if (m.hasUnmaskingResponse()) {
                int r = integer(e, "from");
                for (RevealedShare s : m.getUnmaskingResponse().getSelfMaskSharesList()) {
                    checkRevealed(sessionId, dealt.get(s.getOwnerId()), r, s, 'b');
                }
                for (RevealedShare s : m.getUnmaskingResponse().getMaskKeySharesList()) {
                    checkRevealed(sessionId, dealt.get(s.getOwnerId()), r, s, 's');
                }
            }
        }
        if (dealt.isEmpty()) {
            mismatches.add("no ShareKeys with commitments in the transcript");
        }
    }

    private void checkDealer(byte[] sessionId, int u, Map<String, Object> p, ShareCommitments list) {
        List<byte[]> bRows = rows(p, "self_mask_seed_coefficients");
        List<byte[]> sRows = rows(p, "s_sk_coefficients");
        List<SpecBytes.Commitment> entries = new ArrayList<>();
        for (ShareCommitment c : list.getCommitmentsList()) {
            int v = c.getRecipientId();
            int x = config.shareIndex(v);
            byte[] b =
                    SpecBytes.shareCommitment(sessionId, u, v, 'b', Gf256.evaluate(hex(p, "self_mask_seed"), bRows, x));
            byte[] s = SpecBytes.shareCommitment(sessionId, u, v, 's', Gf256.evaluate(hex(p, "s_sk"), sRows, x));
            if (!Arrays.equals(b, c.getSelfMaskCommitment().toByteArray())
                    || !Arrays.equals(s, c.getMaskKeyCommitment().toByteArray())) {
                mismatches.add("commitment of " + u + " for " + v + " is not the hash of the share " + u + " dealt");
            }
            entries.add(new SpecBytes.Commitment(v, b, s));
        }
        byte[] payload = SpecBytes.shareCommitmentsPayload(config.roundId(), sessionId, u, entries);
        if (!Ed25519.verify(
                hex(p, "identity_public_key"), payload, list.getSignature().toByteArray())) {
            mismatches.add("commitments of " + u + " are not signed by it over the spec payload");
        }
    }

    private void checkRevealed(byte[] sessionId, ShareCommitments owner, int revealer, RevealedShare s, char kind) {
        byte[] actual = SpecBytes.shareCommitment(
                sessionId, s.getOwnerId(), revealer, kind, s.getShare().toByteArray());
        boolean found = owner != null
                && owner.getCommitmentsList().stream()
                        .anyMatch(c -> c.getRecipientId() == revealer
                                && Arrays.equals(
                                        actual,
                                        (kind == 'b' ? c.getSelfMaskCommitment() : c.getMaskKeyCommitment())
                                                .toByteArray()));
        if (!found) {
            mismatches.add(revealer + " revealed a share of " + s.getOwnerId() + " that does not match its commitment");
        }
    }

    private static List<byte[]> rows(Map<String, Object> p, String key) {
        List<byte[]> out = new ArrayList<>();
        for (Object o : (List<?>) p.get(key)) {
            out.add(HexFormat.of().parseHex((String) o));
        }
        return out;
    }

    /** The sum is the survivors' encoded updates, re-encoded here from delta, weight and rounding seed. */
    private void checkSum() {
        Map<String, Object> result = obj(file, "result");
        int[] expected = new int[config.wordCount()];
        List<Integer> survivors =
                Arrays.stream(VectorFile.ints(result, "survivors")).boxed().toList();
        for (Map<String, Object> p : list(file, "participants")) {
            int[] words = UpdateEncoder.encode(
                            VectorFile.floatsLe(hex(p, "delta_f32le")),
                            integer(p, "weight"),
                            EncodingVectorsTest.evaluation(p),
                            config.encoding(),
                            new SplitMix64(Long.parseUnsignedLong(str(p, "rounding_seed"))))
                    .words();
            if (!Arrays.equals(words, VectorFile.words(p, "encoded_words"))) {
                mismatches.add("encoded update of participant " + integer(p, "id") + " differs");
            }
            if (survivors.contains(integer(p, "id"))) {
                for (int i = 0; i < expected.length; i++) {
                    expected[i] += words[i];
                }
            }
        }
        int[] sum = VectorFile.wordsLe(hex(result, "sum_words_le"));
        if (!Arrays.equals(expected, sum) || !Arrays.equals(sum, VectorFile.words(result, "sum_words"))) {
            mismatches.add("recorded sum is not the sum of the survivors' encoded updates");
        }
        float[] average = UpdateDecoder.decodeAverage(sum, config.encoding());
        if (!Arrays.equals(average, VectorFile.floatsLe(hex(result, "average_f32le")))) {
            mismatches.add("decoded average differs");
        }
        CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(sum, config.encoding());
        if (evaluation.lossUnits() != VectorFile.longValue(result, "loss_units")
                || evaluation.samples() != VectorFile.longValue(result, "test_samples")
                || evaluation.clippedCoordinates() != VectorFile.longValue(result, "clipped_coordinates")) {
            mismatches.add("decoded evaluation totals differ: " + evaluation);
        }
    }

    private static String hexOf(SecAggMessage m) {
        return HexFormat.of().formatHex(m.toByteArray());
    }
}
