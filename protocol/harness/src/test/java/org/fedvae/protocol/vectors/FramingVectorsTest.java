package org.fedvae.protocol.vectors;

import static org.fedvae.protocol.vectors.VectorFile.hex;
import static org.fedvae.protocol.vectors.VectorFile.list;
import static org.fedvae.protocol.vectors.VectorFile.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage;
import org.fedvae.protocol.transport.Envelopes;
import org.junit.jupiter.api.Test;

/** framing.json: the frames the transport builds, and the coordinator's answers to client byte streams. */
class FramingVectorsTest {

    private static final Map<String, Object> FILE = VectorFile.load("framing.json");

    @Test
    void framesAreTheLengthPrefixedEnvelopes() {
        for (Map<String, Object> f : list(FILE, "frames")) {
            Envelope e =
                    switch (str(f, "name")) {
                        case "hello" -> Envelopes.hello("site-a", FramingVectors.PARTICIPANT_SOFTWARE);
                        case "welcome" -> Envelopes.welcome(FramingVectors.COORDINATOR_SOFTWARE);
                        case "heartbeat-from-participant" -> Envelopes.heartbeat("site-a");
                        case "heartbeat-from-coordinator" -> Envelopes.heartbeat("");
                        case "error-from-coordinator" ->
                            Envelopes.error("", ErrorMessage.ErrorCode.WRONG_STAGE, "the first message must be Hello");
                        default -> throw new AssertionError("unknown frame " + str(f, "name"));
                    };
            assertArrayEquals(hex(f, "envelope"), e.toByteArray(), str(f, "name"));
            assertArrayEquals(hex(f, "frame"), FramingVectors.framed(e.toByteArray()), str(f, "name"));
        }
    }

    @Test
    void coordinatorAnswers() {
        for (Map<String, Object> x : list(FILE, "exchanges")) {
            List<byte[]> chunks = new ArrayList<>();
            @SuppressWarnings("unchecked")
            List<Object> hexChunks = (List<Object>) VectorFile.get(x, "client_chunks");
            hexChunks.forEach(h -> chunks.add(HexFormat.of().parseHex((String) h)));
            FramingVectors.Outcome o = FramingVectors.run(new FramingVectors.Exchange(str(x, "name"), "", chunks));
            assertEquals(VectorFile.get(x, "server_frames"), o.frames(), str(x, "name"));
            assertEquals(VectorFile.get(x, "server_closed"), o.closed(), str(x, "name"));
        }
    }
}
