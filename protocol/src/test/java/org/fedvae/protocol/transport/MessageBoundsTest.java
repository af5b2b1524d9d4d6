package org.fedvae.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.fedvae.protocol.proto.AdvertiseKeys;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.MaskedInput;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.RoutedCiphertext;
import org.fedvae.protocol.proto.RoutedShares;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.ShareCommitment;
import org.fedvae.protocol.proto.ShareCommitments;
import org.fedvae.protocol.proto.UnmaskingResponse;
import org.fedvae.protocol.secagg.RoundConfig;
import org.junit.jupiter.api.Test;

class MessageBoundsTest {

    private static final int COHORT = RoundConfig.MAX_COHORT;

    private static void check(Envelope e) throws IOException {
        BoundedWireScanner.check(ByteBuffer.wrap(e.toByteArray()), Envelope.getDescriptor(), MessageBounds.PROTOCOL);
    }

    private static TransportException refused(byte[] frame) {
        return assertThrows(
                TransportException.class,
                () -> BoundedWireScanner.check(
                        ByteBuffer.wrap(frame), Envelope.getDescriptor(), MessageBounds.PROTOCOL));
    }

    private static Envelope secagg(SecAggMessage.Builder m) {
        return Envelopes.newEnvelope("site-1", 3).setSecagg(m).build();
    }

    private static ByteString bytes(int n) {
        return ByteString.copyFrom(new byte[n]);
    }

    private static AdvertisedKeys entry(int id) {
        return AdvertisedKeys.newBuilder()
                .setParticipantId(id)
                .setKeys(AdvertiseKeys.newBuilder()
                        .setCPk(bytes(32))
                        .setSPk(bytes(32))
                        .setSignature(bytes(64)))
                .build();
    }

    /** Issue 9's attack: 16 MiB of empty repeated elements, which parse into hundreds of MiB of heap. */
    private static byte[] emptyKeyListEntries(int count) throws IOException {
        byte[] entries = new byte[2 * count];
        for (int i = 0; i < count; i++) {
            entries[2 * i] = (byte) ((KeyList.ENTRIES_FIELD_NUMBER << 3) | 2); // length-delimited, length 0
        }
        byte[] keyList = field(SecAggMessage.KEY_LIST_FIELD_NUMBER, entries);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Envelopes.newEnvelope("", 3).build().toByteArray());
        out.write(field(Envelope.SECAGG_FIELD_NUMBER, keyList));
        return out.toByteArray();
    }

    private static byte[] field(int number, byte[] value) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buf);
        out.writeByteArray(number, value);
        out.flush();
        return buf.toByteArray();
    }

    @Test
    void sixteenMibOfEmptyRepeatedElementsAreRefusedWithBoundedMemory() throws IOException {
        int entries = 8 * 1024 * 1024 - 16;
        byte[] frame = emptyKeyListEntries(entries);
        assertTrue(frame.length <= TransportLimits.DEFAULT_MAX_FRAME_BYTES, "the frame fits the frame limit");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        TransportException e = refused(frame);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(ErrorCode.MALFORMED_FRAME, e.code());
        assertTrue(
                e.getMessage().contains("SecAggMessage.key_list has " + (2 * entries) + " bytes, at most"),
                e.getMessage());
        assertTrue(allocated < 1024 * 1024, "the check allocated " + allocated + " bytes");
    }

    @Test
    void theLargestHonestMessagesPass() {
        KeyList.Builder keys = KeyList.newBuilder();
        RoundStart.Builder start = RoundStart.newBuilder();
        UnmaskingResponse.Builder reveal = UnmaskingResponse.newBuilder();
        for (int id = 1; id <= COHORT; id++) {
            keys.addEntries(entry(id));
            start.addCohort(CohortEntry.newBuilder()
                    .setParticipantId("x".repeat(ParticipantIds.MAX_LENGTH))
                    .setSecaggId(id));
            reveal.addSelfMaskShares(
                    RevealedShare.newBuilder().setOwnerId(id).setShareIndex(id).setShare(bytes(33)));
        }
        assertDoesNotThrow(() -> check(secagg(SecAggMessage.newBuilder().setKeyList(keys))));
        assertDoesNotThrow(
                () -> check(Envelopes.newEnvelope("", 3).setRoundStart(start).build()));
        assertDoesNotThrow(() -> check(secagg(SecAggMessage.newBuilder().setUnmaskingResponse(reveal))));
        assertDoesNotThrow(
                () -> check(secagg(SecAggMessage.newBuilder().setRoutedShares(routedSharesOfTheLargestCohort()))));
        // The masked input is the one large message a participant sends: only the frame limit bounds it.
        assertDoesNotThrow(() -> check(secagg(SecAggMessage.newBuilder()
                .setMaskedInput(MaskedInput.newBuilder().setWordsLe(bytes(4 * 652_825))))));
    }

    /** What one member of the largest cohort receives at ShareKeys: every other dealer's ciphertext and commitments. */
    private static RoutedShares routedSharesOfTheLargestCohort() {
        ShareCommitments.Builder commitments = ShareCommitments.newBuilder().setSignature(bytes(64));
        for (int id = 1; id <= COHORT; id++) {
            commitments.addCommitments(ShareCommitment.newBuilder()
                    .setRecipientId(id)
                    .setSelfMaskCommitment(bytes(32))
                    .setMaskKeyCommitment(bytes(32)));
        }
        RoutedShares.Builder routed = RoutedShares.newBuilder();
        for (int id = 2; id <= COHORT; id++) {
            routed.addCiphertexts(RoutedCiphertext.newBuilder()
                    .setSenderId(id)
                    .setCiphertext(bytes(98))
                    .setSenderCommitments(commitments));
        }
        return routed.build();
    }

    @Test
    void oneElementMoreThanTheCohortAllowsIsRefusedNamingTheField() {
        KeyList.Builder keys = KeyList.newBuilder();
        for (int id = 1; id <= COHORT + 1; id++) {
            keys.addEntries(entry(id));
        }
        TransportException e =
                refused(secagg(SecAggMessage.newBuilder().setKeyList(keys)).toByteArray());
        assertTrue(e.getMessage().contains("KeyList.entries has more than " + COHORT), e.getMessage());
    }

    @Test
    void aSmallFieldOverItsBoundIsRefused() {
        TransportException e = refused(secagg(SecAggMessage.newBuilder()
                        .setAdvertiseKeys(
                                AdvertiseKeys.newBuilder().setCPk(bytes(MessageBounds.DEFAULT_FIELD_BYTES + 1))))
                .toByteArray());
        assertTrue(
                e.getMessage().contains("AdvertiseKeys.c_pk has " + (MessageBounds.DEFAULT_FIELD_BYTES + 1) + " bytes"),
                e.getMessage());
        // A small message stuffed with several fields at their bound still stays within its message bound.
        TransportException whole = refused(Envelopes.newEnvelope("", 3)
                .setError(ErrorMessage.newBuilder().setMessage("m".repeat(MessageBounds.DEFAULT_MESSAGE_BYTES + 1)))
                .build()
                .toByteArray());
        assertTrue(whole.getMessage().contains("Envelope.error has"), whole.getMessage());
    }

    @Test
    void unknownFieldsAreBoundedLikeSmallFields() throws IOException {
        byte[] known = Envelopes.newEnvelope("", 3).build().toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(known);
        out.write(field(999, new byte[MessageBounds.DEFAULT_FIELD_BYTES + 1]));
        TransportException e = refused(out.toByteArray());
        assertTrue(e.getMessage().contains("Envelope field 999"), e.getMessage());
    }

    @Test
    void thePipelineAnswersAnOverBoundFrameWithMalformedFrameAndParsesNothing() throws IOException {
        TransportLimits limits = TransportLimits.DEFAULTS;
        EmbeddedChannel ch = new EmbeddedChannel(
                new FrameDecoder(limits),
                new FrameEncoder(limits),
                MessageBoundsCheck.INSTANCE,
                new ProtobufDecoder(Envelope.getDefaultInstance()),
                new ProtobufEncoder(),
                TransportExceptionHandler.INSTANCE);
        ((FrameDecoder) ch.pipeline().first()).handshakeComplete();
        byte[] frame = emptyKeyListEntries(100_000);
        ByteBuf in = Unpooled.buffer().writeInt(frame.length).writeBytes(frame);
        ch.writeInbound(in);
        assertNull(ch.readInbound(), "nothing reached the application");
        ByteBuf reply = Unpooled.buffer();
        for (ByteBuf part; (part = ch.readOutbound()) != null; ) {
            reply.writeBytes(part);
            part.release();
        }
        reply.skipBytes(4);
        Envelope error = Envelope.parseFrom(ByteBufUtil.getBytes(reply));
        reply.release();
        assertEquals(ErrorCode.MALFORMED_FRAME, error.getError().getCode(), error.toString());
        assertTrue(
                error.getError().getMessage().contains("KeyList.entries"),
                error.getError().getMessage());
        ch.runPendingTasks();
        assertFalse(ch.isOpen(), "the connection is closed");
    }
}
