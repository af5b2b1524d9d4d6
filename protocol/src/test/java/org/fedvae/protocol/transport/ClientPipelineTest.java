package org.fedvae.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Welcome;
import org.junit.jupiter.api.Test;

/** A participant's pipeline on an EmbeddedChannel (no TLS), with a fake clock. */
class ClientPipelineTest {

    private static final TransportLimits LIMITS = ServerPipelineTest.LIMITS;

    private final Recorder app = new Recorder();

    private EmbeddedChannel client() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(TransportPipeline.client(LIMITS, null, null, 0, "site-3", "participant-test", () -> app));
        return ch;
    }

    private static EmbeddedChannel helloSent(EmbeddedChannel ch) {
        List<Envelope> out = Wire.written(ch);
        assertEquals(1, out.size(), out.toString());
        Envelope hello = out.get(0);
        assertTrue(hello.hasHello());
        assertEquals("site-3", hello.getSender());
        assertEquals("site-3", hello.getHello().getParticipantId());
        assertEquals(ProtocolVersion.CURRENT, hello.getProtocolVersion());
        assertEquals(ProtocolVersion.CURRENT, hello.getHello().getProtocolVersion());
        assertEquals("participant-test", hello.getHello().getSoftware());
        return ch;
    }

    private static TransportException refusal(Future<Welcome> f) {
        assertTrue(f.isDone());
        assertFalse(f.isSuccess());
        return assertInstanceOf(TransportException.class, f.cause());
    }

    @Test
    void sendsHelloAndCompletesOnWelcome() {
        EmbeddedChannel ch = helloSent(client());
        Future<Welcome> welcome = ClientHandshakeHandler.welcome(ch);
        assertFalse(welcome.isDone());
        ch.writeInbound(Wire.frame(Envelopes.welcome("coordinator-test")));
        assertTrue(welcome.isSuccess());
        assertEquals("coordinator-test", welcome.getNow().getSoftware());
        assertEquals(List.of(new TransportEvents.Welcomed(welcome.getNow())), app.events);

        Envelope next = Envelopes.error("", ErrorCode.WRONG_ROUND, "probe").toBuilder()
                .setRoundId(5)
                .build();
        ch.writeInbound(Wire.frame(next));
        assertEquals(List.of(next), app.frames);
        assertTrue(ch.isOpen());
    }

    @Test
    void coordinatorRefusalFailsTheHandshakeWithItsCodeAndClosesWithoutReply() {
        EmbeddedChannel ch = helloSent(client());
        ch.writeInbound(Wire.frame(Envelopes.error("", ErrorCode.UNKNOWN_PARTICIPANT, "who are you")));
        TransportException e = refusal(ClientHandshakeHandler.welcome(ch));
        assertEquals(ErrorCode.UNKNOWN_PARTICIPANT, e.code());
        assertTrue(e.getMessage().contains("who are you"), e.getMessage());
        assertFalse(ch.isOpen());
        assertTrue(Wire.written(ch).isEmpty(), "answered an error with an error");
        assertTrue(app.events.isEmpty());
    }

    @Test
    void unsupportedCoordinatorVersionIsRefused() {
        EmbeddedChannel ch = helloSent(client());
        ch.writeInbound(Wire.frame(
                Envelopes.welcome("future").toBuilder().setProtocolVersion(1).build()));
        assertEquals(
                ErrorCode.UNSUPPORTED_VERSION,
                refusal(ClientHandshakeHandler.welcome(ch)).code());
        List<Envelope> out = Wire.written(ch);
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, out.get(0).getError().getCode());
        assertEquals("site-3", out.get(0).getSender());
        assertFalse(ch.isOpen());
    }

    @Test
    void somethingOtherThanWelcomeIsTheWrongStage() {
        EmbeddedChannel ch = helloSent(client());
        ch.writeInbound(Wire.frame(Envelopes.hello("site-4", "not a coordinator")));
        assertEquals(
                ErrorCode.WRONG_STAGE,
                refusal(ClientHandshakeHandler.welcome(ch)).code());
        assertEquals(ErrorCode.WRONG_STAGE, Wire.written(ch).get(0).getError().getCode());
        assertFalse(ch.isOpen());
    }

    @Test
    void noWelcomeWithinTheHandshakeTimeoutIsATimeout() {
        EmbeddedChannel ch = helloSent(client());
        ch.advanceTimeBy(LIMITS.handshakeTimeout().toMillis() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertEquals(
                ErrorCode.TIMEOUT, refusal(ClientHandshakeHandler.welcome(ch)).code());
        assertEquals(ErrorCode.TIMEOUT, Wire.written(ch).get(0).getError().getCode());
        assertFalse(ch.isOpen());
    }

    @Test
    void closedConnectionFailsTheHandshake() {
        EmbeddedChannel ch = helloSent(client());
        ch.close();
        Future<Welcome> f = ClientHandshakeHandler.welcome(ch);
        assertTrue(f.isDone());
        assertTrue(
                f.cause().getMessage().contains("closed before Welcome"),
                f.cause().getMessage());
    }

    @Test
    void heartbeatsCarryTheParticipantId() {
        EmbeddedChannel ch = helloSent(client());
        ch.writeInbound(Wire.frame(Envelopes.welcome("c")));
        ch.advanceTimeBy(LIMITS.heartbeatInterval().toMillis() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        List<Envelope> out = Wire.written(ch);
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).hasHeartbeat());
        assertEquals("site-3", out.get(0).getSender());
    }
}
