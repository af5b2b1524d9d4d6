package org.fedvae.protocol.transport;

import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Heartbeat;
import org.fedvae.protocol.proto.Hello;
import org.fedvae.protocol.proto.Welcome;

/** Builders for Envelopes that always carry the current protocol version. */
public final class Envelopes {

    /** Longest error text put on the wire; the rest is in the sender's log. */
    static final int MAX_ERROR_TEXT = 500;

    private Envelopes() {}

    /** A builder with version, round and sender set; the caller sets the body. */
    public static Envelope.Builder newEnvelope(String sender, long roundId) {
        return Envelope.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT)
                .setRoundId(roundId)
                .setSender(sender);
    }

    public static Envelope hello(String participantId, String software) {
        return newEnvelope(participantId, 0)
                .setHello(Hello.newBuilder()
                        .setParticipantId(participantId)
                        .setProtocolVersion(ProtocolVersion.CURRENT)
                        .setSoftware(software))
                .build();
    }

    public static Envelope welcome(String software) {
        return newEnvelope("", 0)
                .setWelcome(Welcome.newBuilder()
                        .setAccepted(true)
                        .setProtocolVersion(ProtocolVersion.CURRENT)
                        .setSoftware(software))
                .build();
    }

    public static Envelope error(String sender, ErrorCode code, String message) {
        String text = message.length() > MAX_ERROR_TEXT ? message.substring(0, MAX_ERROR_TEXT) + "..." : message;
        return newEnvelope(sender, 0)
                .setError(ErrorMessage.newBuilder().setCode(code).setMessage(text))
                .build();
    }

    public static Envelope heartbeat(String sender) {
        return newEnvelope(sender, 0)
                .setHeartbeat(Heartbeat.getDefaultInstance())
                .build();
    }
}
