package org.fedvae.protocol.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every transcript replays byte for byte; a single flipped byte is caught. */
class TranscriptVectorsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "transcript_no_dropout.json",
                "transcript_dropout_before_masked_input.json",
                "transcript_dropout_before_unmasking.json"
            })
    void replaysByteForByte(String name) throws Exception {
        assertEquals(List.of(), TranscriptReplay.run(VectorFile.load(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"transcript_no_dropout.json", "transcript_dropout_before_unmasking.json"})
    void aFlippedByteInAnyRecordedMessageIsCaught(String name) throws Exception {
        List<Map<String, Object>> events = VectorFile.list(VectorFile.load(name), "events");
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).containsKey("message")) {
                continue;
            }
            Map<String, Object> file = VectorFile.load(name);
            Map<String, Object> e = VectorFile.list(file, "events").get(i);
            String hex = VectorFile.str(e, "message");
            int at = hex.length() - 2; // the last byte: inside a key, ciphertext, signature, word or id
            String flipped = String.format("%02x", Integer.parseInt(hex.substring(at), 16) ^ 0x01);
            e.put("message", hex.substring(0, at) + flipped);
            List<String> mismatches;
            try {
                mismatches = TranscriptReplay.run(file);
            } catch (RuntimeException unparsable) {
                continue; // a flip that breaks the protobuf is caught too
            }
            assertFalse(mismatches.isEmpty(), "flipping the last byte of event " + i + " went unnoticed");
        }
        assertTrue(events.size() > 20);
    }
}
