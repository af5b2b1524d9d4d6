package org.fedvae.protocol.fuzz;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * Answers for honest participants without re-running their cryptography for every fuzz input. A
 * participant is deterministic given the messages it received, so its answer is cached under its
 * id and that whole history. On a miss, a fresh participant replays the history for real. The
 * cache is bounded (least recently used entries go), and shared by all inputs of one thread.
 */
final class ParticipantOracle {

    /** What a participant answered to the last message of a history, and the stage it ended in. */
    record Answer(List<SecAggMessage> replies, SecAggStage stage) {}

    private static final int CAPACITY = 20_000;

    private final Fixture fixture;
    private final Map<ByteString, Answer> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, Answer> eldest) {
            return size() > CAPACITY;
        }
    };

    ParticipantOracle(Fixture fixture) {
        this.fixture = fixture;
    }

    /** The answer of participant {@code id} to the last of {@code history} (empty history: start()). */
    Answer answer(int id, List<SecAggMessage> history) {
        ByteString key = key(id, history);
        Answer a = cache.get(key);
        if (a != null) {
            return a;
        }
        SecAggParticipant p = fixture.newParticipant(id);
        List<SecAggMessage> replies = p.start();
        cache.put(key(id, List.of()), new Answer(replies, p.stage()));
        for (int i = 0; i < history.size(); i++) {
            replies = p.handle(history.get(i));
            cache.put(key(id, history.subList(0, i + 1)), new Answer(replies, p.stage()));
        }
        return cache.get(key);
    }

    private static ByteString key(int id, List<SecAggMessage> history) {
        List<ByteString> parts = new ArrayList<>(history.size() * 2 + 1);
        parts.add(ByteString.copyFrom(ByteBuffer.allocate(4).putInt(id).array()));
        for (SecAggMessage m : history) {
            ByteString b = m.toByteString();
            parts.add(
                    ByteString.copyFrom(ByteBuffer.allocate(4).putInt(b.size()).array()));
            parts.add(b);
        }
        return ByteString.copyFrom(parts);
    }
}
