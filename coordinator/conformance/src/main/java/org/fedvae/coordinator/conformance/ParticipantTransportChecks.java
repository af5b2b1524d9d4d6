package org.fedvae.coordinator.conformance;

import io.netty.buffer.Unpooled;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.RoundEnd;
import org.fedvae.protocol.transport.ProtocolVersion;

/** The transport checks the kit's fake coordinator runs against a participant; each ends the connection. */
final class ParticipantTransportChecks {

    private final ParticipantKit kit;

    ParticipantTransportChecks(ParticipantKit kit) {
        this.kit = kit;
    }

    /** A frame of another protocol version is refused with UNSUPPORTED_VERSION and the connection closed. */
    String wrongVersion() throws Exception {
        PeerConnection c = kit.connection();
        if (c == null) {
            return "the participant did not connect";
        }
        c.send(Envelope.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT - 1)
                .setRoundId(0)
                .setRoundEnd(RoundEnd.getDefaultInstance())
                .build());
        return expectRefusal(c, ErrorCode.UNSUPPORTED_VERSION);
    }

    /** A length prefix above any allowed frame limit (2^30) is refused with FRAME_TOO_LARGE. */
    String oversizedFrame() throws Exception {
        PeerConnection c = kit.connection();
        if (c == null) {
            return "the participant did not connect";
        }
        c.sendRaw(Unpooled.buffer(4).writeInt((1 << 30) + 1));
        return expectRefusal(c, ErrorCode.FRAME_TOO_LARGE);
    }

    private String expectRefusal(PeerConnection c, ErrorCode code) throws InterruptedException {
        ErrorCode got = null;
        while (true) {
            Envelope e = c.next(kit.wait);
            if (e == null) {
                return "the connection stayed open " + kit.wait.toSeconds() + " s"
                        + (got == null ? " without an error" : " after " + got);
            }
            if (e == PeerConnection.CLOSED) {
                break;
            }
            if (e.hasError() && got == null) {
                got = e.getError().getCode();
            }
        }
        if (got == null) {
            return "it closed the connection without an ErrorMessage (" + code + " expected)";
        }
        return got == code ? null : "it answered " + got + ", not " + code;
    }
}
