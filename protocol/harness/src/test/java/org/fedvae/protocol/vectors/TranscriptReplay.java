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
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SecAggRoundConfig;
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
                    mismatches.add("event " + (i - 1) + ": a coordinator message the coordinator did not produce there");
                    continue;
                }
            }
            if (step.rejected()) {
                mismatches.add("event " + (i - 1) + ": coordinator rejected it: " + step.rejection().get());
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
            if (!Arrays.equals(VectorFile.ints(result, "survivors"), s.stream().mapToInt(Integer::intValue).toArray())) {
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
                int[] words = UpdateEncoder.encode(VectorFile.floatsLe(hex(p, "delta_f32le")), integer(p, "weight"),
                        config.encoding(), RoundingSource.freshFrom(random)).words();
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
                machines.get(to).handle(SecAggMessage.parseFrom(hex(e, "message"))).forEach(out -> produced.get(to).add(hexOf(out)));
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
                mismatches.add("participant " + id + " ends in " + machines.get(Integer.parseInt(id)).stage());
            }
        });
    }

    /** The sum is the survivors' encoded updates, re-encoded here from delta, weight and rounding seed. */
    private void checkSum() {
        Map<String, Object> result = obj(file, "result");
        int[] expected = new int[config.wordCount()];
        List<Integer> survivors = Arrays.stream(VectorFile.ints(result, "survivors")).boxed().toList();
        for (Map<String, Object> p : list(file, "participants")) {
            int[] words = UpdateEncoder.encode(VectorFile.floatsLe(hex(p, "delta_f32le")), integer(p, "weight"),
                    config.encoding(), new SplitMix64(Long.parseUnsignedLong(str(p, "rounding_seed")))).words();
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
    }

    private static String hexOf(SecAggMessage m) {
        return HexFormat.of().formatHex(m.toByteArray());
    }
}
