package org.fedvae.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final TransportLimits LIMITS = TransportLimits.DEFAULTS.withMaxFrameBytes(200_000);

    private static EmbeddedChannel codec(TransportLimits limits) {
        return new EmbeddedChannel(
                new FrameDecoder(limits),
                new FrameEncoder(limits),
                new ProtobufDecoder(Envelope.getDefaultInstance()),
                new ProtobufEncoder());
    }

    private static ByteBuf encode(EmbeddedChannel ch, Envelope e) {
        ByteBuf all = Unpooled.buffer();
        assertTrue(ch.writeOutbound(e));
        for (Object o; (o = ch.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        return all;
    }

    @Test
    void envelopeRoundTripsWithABigEndianLengthPrefix() {
        EmbeddedChannel ch = codec(LIMITS);
        Envelope sent = Envelopes.newEnvelope("site-7", 42)
                .setHello(Envelopes.hello("site-7", "test 1").getHello())
                .build();
        ByteBuf bytes = encode(ch, sent);
        int bodyLength = sent.getSerializedSize();
        assertEquals(4 + bodyLength, bytes.readableBytes());
        assertEquals(
                bodyLength,
                ((bytes.getByte(0) & 0xff) << 24)
                        | ((bytes.getByte(1) & 0xff) << 16)
                        | ((bytes.getByte(2) & 0xff) << 8)
                        | (bytes.getByte(3) & 0xff));
        assertTrue(ch.writeInbound(bytes));
        Envelope received = ch.readInbound();
        assertEquals(sent, received);
        assertEquals(ProtocolVersion.CURRENT, received.getProtocolVersion());
        assertEquals(42, received.getRoundId());
        assertEquals("site-7", received.getSender());
    }

    @Test
    void framesSplitAcrossReadsAndFramesSharingAReadAreBothDecoded() {
        EmbeddedChannel ch = codec(LIMITS);
        Envelope a = Envelopes.error("x", ErrorCode.WRONG_ROUND, "first");
        Envelope b = Envelopes.hello("site-1", "second");
        ByteBuf both = Unpooled.wrappedBuffer(encode(ch, a), encode(ch, b));
        // one byte per read: nothing comes out until a frame is complete
        while (both.isReadable()) {
            ch.writeInbound(both.readRetainedSlice(1));
        }
        both.release();
        assertEquals(a, ch.readInbound());
        assertEquals(b, ch.readInbound());
        assertNull(ch.readInbound());

        ch.writeInbound(Unpooled.wrappedBuffer(encode(ch, b), encode(ch, a)));
        assertEquals(b, ch.readInbound());
        assertEquals(a, ch.readInbound());
    }

    @Test
    void oversizedLengthPrefixFailsBeforeTheBodyArrives() {
        EmbeddedChannel ch = codec(LIMITS);
        FrameDecoder decoder = ch.pipeline().get(FrameDecoder.class);
        decoder.handshakeComplete();
        ByteBuf prefixOnly = Unpooled.buffer(4).writeInt(LIMITS.maxFrameBytes() + 1);
        TooLongFrameException e = assertThrows(TooLongFrameException.class, () -> ch.writeInbound(prefixOnly));
        assertTrue(e.getMessage().contains("exceeds the limit of 200000 bytes"), e.getMessage());
        // the rest of the stream is discarded, not decoded as frames
        ch.writeInbound(Wire.frame(Envelopes.heartbeat("x")));
        assertNull(ch.readInbound());
    }

    @Test
    void lengthPrefixAboveTwoGigabytesIsTooLargeNotNegative() {
        EmbeddedChannel ch = codec(LIMITS);
        ByteBuf prefix = Unpooled.buffer(4).writeInt(0xFFFF_FFF0);
        TooLongFrameException e = assertThrows(TooLongFrameException.class, () -> ch.writeInbound(prefix));
        assertTrue(e.getMessage().contains("4294967280"), e.getMessage());
    }

    @Test
    void handshakeLimitAppliesUntilTheHandshakeCompletes() {
        Envelope big = Envelopes.error("x", ErrorCode.WRONG_ROUND, "y").toBuilder()
                .setSender("z".repeat(TransportLimits.HANDSHAKE_MAX_FRAME_BYTES))
                .build();
        EmbeddedChannel before = codec(LIMITS);
        TooLongFrameException e = assertThrows(TooLongFrameException.class, () -> before.writeInbound(Wire.frame(big)));
        assertTrue(e.getMessage().contains("before the handshake completes"), e.getMessage());

        EmbeddedChannel after = codec(LIMITS);
        after.pipeline().get(FrameDecoder.class).handshakeComplete();
        after.writeInbound(Wire.frame(big));
        assertEquals(big, after.readInbound());
    }

    @Test
    void frameExactlyAtTheLimitIsAccepted() {
        TransportLimits small = LIMITS.withMaxFrameBytes(1000);
        EmbeddedChannel ch = codec(small);
        ch.pipeline().get(FrameDecoder.class).handshakeComplete();
        Envelope e = Envelopes.heartbeat("");
        int pad = 1000 - e.getSerializedSize();
        // a sender string of the right length makes the Envelope exactly 1000 bytes
        Envelope exact = e.toBuilder().setSender("s".repeat(pad - 3)).build();
        assertEquals(1000, exact.getSerializedSize());
        ch.writeInbound(Wire.frame(exact));
        assertEquals(exact, ch.readInbound());
    }

    @Test
    void encoderRefusesAFrameThePeerWouldReject() {
        TransportLimits small = LIMITS.withMaxFrameBytes(1000);
        EmbeddedChannel ch = codec(small);
        Envelope tooBig = Envelopes.error("", ErrorCode.INTERNAL, "").toBuilder()
                .setSender("s".repeat(1000))
                .build();
        EncoderException e = assertThrows(EncoderException.class, () -> ch.writeOutbound(tooBig));
        assertTrue(e.getMessage().contains("refusing to send a frame of"), e.getMessage());
        assertNull(ch.readOutbound());
    }
}
