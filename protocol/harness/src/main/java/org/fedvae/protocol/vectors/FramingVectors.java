package org.fedvae.protocol.vectors;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage;
import org.fedvae.protocol.proto.Hello;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.protocol.transport.TransportPipeline;

/**
 * framing.json: byte-exact frames, and what the coordinator's transport answers to a few client
 * byte streams (a plain pipeline, no TLS; an authenticator that accepts any valid id).
 */
public final class FramingVectors {

    static final String COORDINATOR_SOFTWARE = "fedvae-coordinator vectors";
    static final String PARTICIPANT_SOFTWARE = "fedvae-participant vectors";

    private FramingVectors() {}

    /** One client byte stream, split into the chunks it is written in. */
    public record Exchange(String name, String description, List<byte[]> chunks) {}

    static Map<String, Object> build() {
        List<Object> frames = new ArrayList<>();
        frames.add(frame("hello", Envelopes.hello("site-a", PARTICIPANT_SOFTWARE)));
        frames.add(frame("welcome", Envelopes.welcome(COORDINATOR_SOFTWARE)));
        frames.add(frame("heartbeat-from-participant", Envelopes.heartbeat("site-a")));
        frames.add(frame("heartbeat-from-coordinator", Envelopes.heartbeat("")));
        frames.add(frame(
                "error-from-coordinator",
                Envelopes.error("", ErrorMessage.ErrorCode.WRONG_STAGE, "the first message must be Hello")));
        List<Object> exchanges = new ArrayList<>();
        for (Exchange e : exchanges()) {
            Map<String, Object> m = Json.object();
            m.put("name", e.name());
            m.put("description", e.description());
            List<Object> chunks = new ArrayList<>();
            e.chunks().forEach(c -> chunks.add(V.hex(c)));
            m.put("client_chunks", chunks);
            Outcome o = run(e);
            m.put("server_frames", o.frames);
            m.put("server_closed", o.closed);
            exchanges.add(m);
        }
        Map<String, Object> f =
                CryptoVectors.header("Framing: every frame is a 4-byte big-endian unsigned length, then "
                        + "that many bytes of one Envelope. Limits: " + TransportLimits.HANDSHAKE_MAX_FRAME_BYTES
                        + " bytes until the handshake completes, then the receiver's max frame size (default "
                        + TransportLimits.DEFAULT_MAX_FRAME_BYTES
                        + "). exchanges: client byte streams to a coordinator and the "
                        + "frames it answers with (hex of each Envelope), and whether it closed the connection.");
        f.put("frames", frames);
        f.put("exchanges", exchanges);
        return f;
    }

    private static Map<String, Object> frame(String name, Envelope e) {
        Map<String, Object> m = Json.object();
        m.put("name", name);
        m.put("envelope", V.hex(e.toByteArray()));
        m.put("frame", V.hex(framed(e.toByteArray())));
        return m;
    }

    public static byte[] framed(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length)
                .putInt(payload.length)
                .put(payload)
                .array();
    }

    static List<Exchange> exchanges() {
        byte[] hello = framed(Envelopes.hello("site-a", PARTICIPANT_SOFTWARE).toByteArray());
        List<Exchange> l = new ArrayList<>();
        l.add(new Exchange(
                "hello-accepted",
                "a valid Hello is answered with Welcome; a heartbeat then gets no answer",
                List.of(hello, framed(Envelopes.heartbeat("site-a").toByteArray()))));
        l.add(new Exchange(
                "hello-in-pieces",
                "frames may arrive split at any byte",
                List.of(
                        java.util.Arrays.copyOfRange(hello, 0, 3),
                        java.util.Arrays.copyOfRange(hello, 3, 10),
                        java.util.Arrays.copyOfRange(hello, 10, hello.length))));
        l.add(new Exchange(
                "oversized-before-handshake",
                "a length prefix above 65536 before Welcome: FRAME_TOO_LARGE",
                List.of(new byte[] {0, 1, 0, 1, 0})));
        l.add(new Exchange(
                "not-an-envelope",
                "a frame that is not an Envelope: MALFORMED_FRAME",
                List.of(framed(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}))));
        l.add(new Exchange(
                "unsupported-version",
                "a Hello of protocol version 2: UNSUPPORTED_VERSION",
                List.of(framed(Envelope.newBuilder()
                        .setProtocolVersion(1)
                        .setSender("site-a")
                        .setHello(Hello.newBuilder().setParticipantId("site-a").setProtocolVersion(1))
                        .build()
                        .toByteArray()))));
        l.add(new Exchange(
                "welcome-before-hello",
                "anything but Hello (or a heartbeat) first: WRONG_STAGE",
                List.of(framed(Envelopes.welcome(PARTICIPANT_SOFTWARE).toByteArray()))));
        l.add(new Exchange(
                "hello-sender-mismatch",
                "Hello whose envelope sender differs from participant_id: UNAUTHENTICATED",
                List.of(framed(Envelopes.hello("site-a", PARTICIPANT_SOFTWARE).toBuilder()
                        .setSender("site-b")
                        .build()
                        .toByteArray()))));
        l.add(new Exchange(
                "invalid-participant-id",
                "an id outside [A-Za-z0-9._-]{1,64}: UNKNOWN_PARTICIPANT",
                List.of(framed(Envelopes.hello("site a", PARTICIPANT_SOFTWARE).toByteArray()))));
        l.add(new Exchange("second-hello", "a Hello after Welcome: WRONG_STAGE", List.of(hello, hello)));
        l.add(new Exchange(
                "wrong-sender-after-handshake",
                "a frame naming another sender after Welcome: UNAUTHENTICATED",
                List.of(
                        hello,
                        framed(Envelopes.error("site-b", ErrorMessage.ErrorCode.INTERNAL, "x")
                                .toByteArray()))));
        l.add(new Exchange(
                "no-body-after-handshake",
                "an Envelope without a known body after Welcome: MALFORMED_FRAME",
                List.of(hello, framed(Envelopes.newEnvelope("site-a", 0).build().toByteArray()))));
        return l;
    }

    /** What the server wrote, as Envelope hex per frame, and whether it closed. */
    public record Outcome(List<Object> frames, boolean closed) {}

    /** Feeds the chunks to a fresh coordinator pipeline, without running any timer. */
    public static Outcome run(Exchange e) {
        EmbeddedChannel ch = new EmbeddedChannel(TransportPipeline.server(
                TransportLimits.DEFAULTS,
                null,
                (channel, hello) -> new AuthenticatedPeer(hello.getParticipantId(), null),
                COORDINATOR_SOFTWARE,
                Swallow::new));
        try {
            for (byte[] chunk : e.chunks()) {
                if (!ch.isOpen()) {
                    break;
                }
                ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            }
            ch.checkException();
            ByteBuf all = Unpooled.buffer();
            for (Object o; (o = ch.readOutbound()) != null; ) {
                all.writeBytes((ByteBuf) o);
                ReferenceCountUtil.release(o);
            }
            List<Object> frames = new ArrayList<>();
            while (all.readableBytes() >= 4) {
                byte[] body = new byte[all.readInt()];
                all.readBytes(body);
                frames.add(V.hex(body));
            }
            V.check(!all.isReadable(), "server wrote whole frames");
            all.release();
            return new Outcome(frames, !ch.isOpen());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** The application: drops every frame (the exchanges test the transport only). */
    private static final class Swallow extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
