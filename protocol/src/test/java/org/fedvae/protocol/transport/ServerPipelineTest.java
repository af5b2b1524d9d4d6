package org.fedvae.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Hello;
import org.junit.jupiter.api.Test;

/** The coordinator's pipeline on an EmbeddedChannel (no TLS), with a fake clock. */
class ServerPipelineTest {

    // Deadlines that never coincide: EmbeddedChannel runs due tasks in the middle of a write,
    // which a real event loop never does.
    static final TransportLimits LIMITS = new TransportLimits(4096, Duration.ofSeconds(30), Duration.ofSeconds(5));

    private final Recorder app = new Recorder();
    private PeerAuthenticator authenticator = (ch, hello) -> {
        if (hello.getParticipantId().startsWith("stranger")) {
            throw new TransportException(ErrorCode.UNKNOWN_PARTICIPANT, "not on the allowlist");
        }
        return new AuthenticatedPeer(hello.getParticipantId(), null);
    };

    private EmbeddedChannel server() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline()
                .addLast(TransportPipeline.server(
                        LIMITS, null, (c, h) -> authenticator.authenticate(c, h), "coordinator-test", () -> app));
        return ch;
    }

    private static EmbeddedChannel accepted(EmbeddedChannel ch, String id) {
        ch.writeInbound(Wire.frame(Envelopes.hello(id, "participant-test")));
        List<Envelope> out = Wire.written(ch);
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).hasWelcome(), out.toString());
        return ch;
    }

    /** The one frame written, which must be an error with this code, and the channel must be closed. */
    private static ErrorMessage assertClosedWith(EmbeddedChannel ch, ErrorCode code) {
        ch.runPendingTasks();
        List<Envelope> out = Wire.written(ch);
        assertEquals(1, out.size(), "expected exactly one error frame, got " + out);
        assertTrue(out.get(0).hasError(), out.toString());
        assertEquals(
                code, out.get(0).getError().getCode(), out.get(0).getError().getMessage());
        assertEquals(ProtocolVersion.CURRENT, out.get(0).getProtocolVersion());
        assertFalse(ch.isOpen(), "connection still open after " + code);
        return out.get(0).getError();
    }

    /** An application-level frame; until round messages exist, an ErrorMessage body stands in for one. */
    private static Envelope appFrame(String sender, long round) {
        return Envelopes.error(sender, ErrorCode.WRONG_ROUND, "probe").toBuilder()
                .setSender(sender)
                .setRoundId(round)
                .build();
    }

    @Test
    void helloIsAnsweredWithWelcomeAndTheApplicationLearnsThePeer() {
        EmbeddedChannel ch = server();
        ch.writeInbound(Wire.frame(Envelopes.hello("site-1", "participant-test")));
        List<Envelope> out = Wire.written(ch);
        assertEquals(1, out.size());
        assertTrue(out.get(0).getWelcome().getAccepted());
        assertEquals(ProtocolVersion.CURRENT, out.get(0).getWelcome().getProtocolVersion());
        assertEquals("coordinator-test", out.get(0).getWelcome().getSoftware());
        assertEquals(List.of(new TransportEvents.PeerAccepted(new AuthenticatedPeer("site-1", null))), app.events);
        assertEquals("site-1", TransportAttributes.peer(ch).orElseThrow().participantId());
        assertTrue(ch.pipeline().get(PipelineNames.HANDSHAKE) == null);

        Envelope next = appFrame("site-1", 3);
        ch.writeInbound(Wire.frame(next));
        assertEquals(List.of(next), app.frames);
        assertTrue(ch.isOpen());
    }

    @Test
    void malformedFrameGetsMalformedFrame() {
        EmbeddedChannel ch = server();
        ch.writeInbound(Wire.rawFrame(new byte[] {0x0a, (byte) 0xff}));
        ErrorMessage e = assertClosedWith(ch, ErrorCode.MALFORMED_FRAME);
        assertTrue(e.getMessage().startsWith("not a valid Envelope"), e.getMessage());
        assertTrue(app.frames.isEmpty());
    }

    @Test
    void frameOverTheLimitGetsFrameTooLarge() {
        EmbeddedChannel ch = accepted(server(), "site-1");
        ByteBuf prefix = Unpooled.buffer(4).writeInt(LIMITS.maxFrameBytes() + 1);
        ch.writeInbound(prefix);
        ErrorMessage e = assertClosedWith(ch, ErrorCode.FRAME_TOO_LARGE);
        assertTrue(e.getMessage().contains("4097 bytes exceeds the limit of 4096"), e.getMessage());
    }

    @Test
    void unsupportedVersionInTheEnvelopeOrTheHelloIsRefused() {
        EmbeddedChannel ch = server();
        ch.writeInbound(Wire.frame(
                Envelopes.hello("site-1", "p").toBuilder().setProtocolVersion(1).build()));
        ErrorMessage e = assertClosedWith(ch, ErrorCode.UNSUPPORTED_VERSION);
        assertTrue(
                e.getMessage()
                        .contains(
                                "protocol version 1 is not supported; this coordinator speaks version 2 (upgrade the participant)"),
                e.getMessage());

        EmbeddedChannel ch2 = server();
        Envelope hello = Envelopes.hello("site-1", "p");
        ch2.writeInbound(Wire.frame(hello.toBuilder()
                .setHello(hello.getHello().toBuilder().setProtocolVersion(7))
                .build()));
        assertClosedWith(ch2, ErrorCode.UNSUPPORTED_VERSION);
        assertTrue(app.events.isEmpty());
    }

    @Test
    void anythingBeforeHelloIsTheWrongStage() {
        EmbeddedChannel ch = server();
        ch.writeInbound(Wire.frame(Envelopes.welcome("not a participant")));
        ErrorMessage e = assertClosedWith(ch, ErrorCode.WRONG_STAGE);
        assertTrue(e.getMessage().contains("first message must be Hello"), e.getMessage());

        EmbeddedChannel ch2 = server();
        ch2.writeInbound(Wire.frame(Envelopes.newEnvelope("site-1", 0).build())); // no body at all
        assertClosedWith(ch2, ErrorCode.WRONG_STAGE);
    }

    @Test
    void heartbeatsBeforeHelloAreHarmless() {
        EmbeddedChannel ch = server();
        ch.writeInbound(Wire.frame(Envelopes.heartbeat("")));
        assertTrue(Wire.written(ch).isEmpty());
        accepted(ch, "site-1");
    }

    @Test
    void authenticatorRefusalIsSentWithItsCode() {
        EmbeddedChannel ch = server();
        ch.writeInbound(Wire.frame(Envelopes.hello("stranger-9", "p")));
        ErrorMessage e = assertClosedWith(ch, ErrorCode.UNKNOWN_PARTICIPANT);
        assertEquals("not on the allowlist", e.getMessage());
        assertTrue(app.events.isEmpty());
    }

    @Test
    void authenticatorBugIsAnInternalErrorWithoutDetails() {
        authenticator = (c, h) -> {
            throw new IllegalStateException("secret detail");
        };
        EmbeddedChannel ch = server();
        ch.writeInbound(Wire.frame(Envelopes.hello("site-1", "p")));
        ErrorMessage e = assertClosedWith(ch, ErrorCode.INTERNAL);
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void helloMustBeSentByTheParticipantItNames() {
        EmbeddedChannel ch = server();
        ch.writeInbound(Wire.frame(
                Envelopes.hello("site-1", "p").toBuilder().setSender("site-2").build()));
        assertClosedWith(ch, ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void invalidParticipantIdIsRefusedBeforeTheAuthenticatorSeesIt() {
        authenticator = (c, h) -> {
            throw new AssertionError("authenticator must not be called");
        };
        EmbeddedChannel ch = server();
        Envelope hello = Envelopes.newEnvelope("../etc", 0)
                .setHello(Hello.newBuilder().setParticipantId("../etc").setProtocolVersion(ProtocolVersion.CURRENT))
                .build();
        ch.writeInbound(Wire.frame(hello));
        assertClosedWith(ch, ErrorCode.UNKNOWN_PARTICIPANT);
    }

    @Test
    void noHelloWithinTheHandshakeTimeoutIsATimeout() {
        EmbeddedChannel ch = server();
        ch.advanceTimeBy(LIMITS.handshakeTimeout().toMillis() - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertClosedWith(ch, ErrorCode.TIMEOUT);
    }

    @Test
    void handshakeDeadlineIsCancelledByAnAcceptedHello() {
        EmbeddedChannel ch = accepted(server(), "site-1");
        ch.advanceTimeBy(LIMITS.handshakeTimeout().toMillis() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        // only heartbeats were written meanwhile
        assertTrue(Wire.written(ch).stream().allMatch(Envelope::hasHeartbeat));
    }

    @Test
    void afterTheHandshakeEveryFrameIsChecked() {
        EmbeddedChannel wrongVersion = accepted(server(), "site-1");
        wrongVersion.writeInbound(Wire.frame(
                appFrame("site-1", 1).toBuilder().setProtocolVersion(9).build()));
        assertClosedWith(wrongVersion, ErrorCode.UNSUPPORTED_VERSION);

        EmbeddedChannel wrongSender = accepted(server(), "site-1");
        wrongSender.writeInbound(Wire.frame(appFrame("site-2", 1)));
        assertClosedWith(wrongSender, ErrorCode.UNAUTHENTICATED);

        EmbeddedChannel secondHello = accepted(server(), "site-1");
        secondHello.writeInbound(Wire.frame(Envelopes.hello("site-1", "p")));
        assertClosedWith(secondHello, ErrorCode.WRONG_STAGE);

        EmbeddedChannel noBody = accepted(server(), "site-1");
        noBody.writeInbound(Wire.frame(Envelopes.newEnvelope("site-1", 1).build()));
        assertClosedWith(noBody, ErrorCode.MALFORMED_FRAME);

        assertTrue(app.frames.isEmpty(), app.frames.toString());
    }

    @Test
    void applicationCanRefuseAFrameWithAnErrorCode() {
        EmbeddedChannel ch = accepted(server(), "site-1");
        app.throwOnFrame = new TransportException(ErrorCode.WRONG_ROUND, "round 3 is over");
        ch.writeInbound(Wire.frame(appFrame("site-1", 3)));
        ErrorMessage e = assertClosedWith(ch, ErrorCode.WRONG_ROUND);
        assertEquals("round 3 is over", e.getMessage());
    }

    @Test
    void onlyOneErrorIsSentAndNothingAfterItIsRead() {
        EmbeddedChannel ch = accepted(server(), "site-1");
        // three bad frames arriving in one read
        ByteBuf burst = Unpooled.wrappedBuffer(
                Wire.frame(appFrame("site-2", 1)),
                Wire.frame(appFrame("site-1", 1)),
                Wire.rawFrame(new byte[] {0x0a, (byte) 0xff}));
        ch.writeInbound(burst);
        assertClosedWith(ch, ErrorCode.UNAUTHENTICATED);
        assertTrue(app.frames.isEmpty(), "a frame after the error reached the application: " + app.frames);
    }

    @Test
    void silentPeerTimesOutAndAQuietSideSendsHeartbeats() {
        EmbeddedChannel ch = accepted(server(), "site-1");
        long beat = LIMITS.heartbeatInterval().toMillis();
        ch.advanceTimeBy(beat + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        List<Envelope> beats = Wire.written(ch);
        assertEquals(1, beats.size(), beats.toString());
        assertTrue(beats.get(0).hasHeartbeat());
        assertEquals("", beats.get(0).getSender());

        // a heartbeat from the peer keeps it alive and never reaches the application
        ch.advanceTimeBy(LIMITS.idleTimeout().toMillis() - beat - 10, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.writeInbound(Wire.frame(Envelopes.heartbeat("site-1")));
        ch.advanceTimeBy(beat * 2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        assertTrue(app.frames.isEmpty());
        Wire.written(ch);

        ch.advanceTimeBy(LIMITS.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ErrorMessage e = assertClosedWith(ch, ErrorCode.TIMEOUT);
        assertTrue(e.getMessage().contains("nothing received for 30000 ms"), e.getMessage());
    }
}
