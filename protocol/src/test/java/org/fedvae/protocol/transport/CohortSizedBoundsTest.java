package org.fedvae.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.fedvae.protocol.proto.AdvertiseKeys;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.ConsistencyCheckRequest;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.SecAggCohortMember;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SecAggRoundConfig;
import org.fedvae.protocol.proto.ShareKeys;
import org.fedvae.protocol.proto.UnmaskingRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The per-message bounds at n_max above 255: cohort-wide lists grow with it, neighbourhood lists do not. */
class CohortSizedBoundsTest {

    private static Envelope secagg(SecAggMessage.Builder m) {
        return Envelopes.newEnvelope("site-1", 3).setSecagg(m).build();
    }

    private static void check(Envelope e, int maxCohort) throws IOException {
        BoundedWireScanner.check(
                ByteBuffer.wrap(e.toByteArray()), Envelope.getDescriptor(), MessageBounds.forCohort(maxCohort));
    }

    private static TransportException refused(byte[] frame, int maxCohort) {
        return assertThrows(
                TransportException.class,
                () -> BoundedWireScanner.check(
                        ByteBuffer.wrap(frame), Envelope.getDescriptor(), MessageBounds.forCohort(maxCohort)));
    }

    private static ByteString bytes(int n) {
        return ByteString.copyFrom(new byte[n]);
    }

    private static KeyList.Builder keyList(int entries) {
        KeyList.Builder keys = KeyList.newBuilder();
        for (int id = 1; id <= entries; id++) {
            keys.addEntries(AdvertisedKeys.newBuilder()
                    .setParticipantId(id)
                    .setKeys(AdvertiseKeys.newBuilder()
                            .setCPk(bytes(32))
                            .setSPk(bytes(32))
                            .setSignature(bytes(64))));
        }
        return keys;
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 10_000})
    void theLargestHonestCohortWideMessagesPassAtNMax(int n) {
        RoundStart.Builder start = RoundStart.newBuilder();
        SecAggRoundConfig.Builder config = SecAggRoundConfig.newBuilder();
        ConsistencyCheckRequest.Builder survivors = ConsistencyCheckRequest.newBuilder();
        UnmaskingRequest.Builder unmask = UnmaskingRequest.newBuilder();
        for (int i = 1; i <= n; i++) {
            int id = Integer.MAX_VALUE - i; // the largest ids take the most bytes
            config.addCohort(SecAggCohortMember.newBuilder().setId(id).setIdentityPublicKey(bytes(32)));
            start.addCohort(CohortEntry.newBuilder()
                    .setParticipantId("x".repeat(ParticipantIds.MAX_LENGTH))
                    .setSecaggId(id)
                    .setCertificate(bytes(600)));
            survivors.addSurvivors(id);
            unmask.addSurvivors(id);
        }
        start.setSecagg(config);
        assertDoesNotThrow(
                () -> check(Envelopes.newEnvelope("", 3).setRoundStart(start).build(), n));
        assertDoesNotThrow(() -> check(secagg(SecAggMessage.newBuilder().setKeyList(keyList(n))), n));
        assertDoesNotThrow(() -> check(secagg(SecAggMessage.newBuilder().setConsistencyCheckRequest(survivors)), n));
        assertDoesNotThrow(() -> check(secagg(SecAggMessage.newBuilder().setUnmaskingRequest(unmask)), n));
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 1_000, 10_000})
    void oneMemberMoreThanNMaxIsRefusedNamingTheField(int n) {
        TransportException e = refused(
                secagg(SecAggMessage.newBuilder().setKeyList(keyList(n + 1))).toByteArray(), n);
        assertEquals(ErrorCode.MALFORMED_FRAME, e.code());
        assertTrue(e.getMessage().contains("KeyList.entries has more than " + n), e.getMessage());
    }

    @Test
    void neighbourhoodListsStayAtTheNeighbourhoodBoundWhateverNMax() {
        ShareKeys.Builder shares = ShareKeys.newBuilder();
        for (int i = 0; i <= MessageBounds.NEIGHBOURHOOD; i++) {
            shares.addShares(org.fedvae.protocol.proto.EncryptedShares.newBuilder()
                    .setRecipientId(i + 1)
                    .setCiphertext(bytes(98)));
        }
        TransportException e =
                refused(secagg(SecAggMessage.newBuilder().setShareKeys(shares)).toByteArray(), 10_000);
        assertTrue(e.getMessage().contains("ShareKeys"), e.getMessage());
    }

    /** Issue 9's attack at the largest n_max: 16 MiB of empty key-list entries, refused before a single one is built. */
    @Test
    void sixteenMibOfEmptyElementsAreStillRefusedWithBoundedMemoryAtTheLargestNMax() throws IOException {
        int entries = 8 * 1024 * 1024 - 16;
        byte[] frame = emptyKeyListEntries(entries);
        assertTrue(frame.length <= TransportLimits.DEFAULT_MAX_FRAME_BYTES, "the frame fits the frame limit");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        TransportException e = refused(frame, TransportLimits.LARGEST_MAX_COHORT);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(ErrorCode.MALFORMED_FRAME, e.code());
        assertTrue(e.getMessage().contains("SecAggMessage.key_list has"), e.getMessage());
        assertTrue(allocated < 1024 * 1024, "the check allocated " + allocated + " bytes");
    }

    @Test
    void thePipelineRefusesOneEntryAboveItsNMaxBeforeParsingAndPassesNMax() throws IOException {
        TransportLimits limits = TransportLimits.DEFAULTS.withMaxCohort(1_000);
        EmbeddedChannel over = channel(limits);
        over.writeInbound(framed(emptyKeyListEntries(1_001)));
        assertNull(over.readInbound(), "nothing reached the application");
        over.runPendingTasks();
        assertFalse(over.isOpen(), "the connection is closed");

        EmbeddedChannel at = channel(limits);
        at.writeInbound(framed(emptyKeyListEntries(1_000)));
        Envelope parsed = at.readInbound();
        assertNotNull(parsed, "n_max entries reach the application");
        assertEquals(1_000, parsed.getSecagg().getKeyList().getEntriesCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, TransportLimits.LARGEST_MAX_COHORT + 1})
    void anNMaxOutsideItsRangeIsRefusedWithTheRange(int n) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TransportLimits.DEFAULTS.withMaxCohort(n));
        assertTrue(e.getMessage().contains("3.." + TransportLimits.LARGEST_MAX_COHORT), e.getMessage());
    }

    private static EmbeddedChannel channel(TransportLimits limits) {
        EmbeddedChannel ch = new EmbeddedChannel(
                new FrameDecoder(limits),
                new FrameEncoder(limits),
                new MessageBoundsCheck(limits.messageBounds()),
                new ProtobufDecoder(Envelope.getDefaultInstance()),
                TransportExceptionHandler.INSTANCE);
        ((FrameDecoder) ch.pipeline().first()).handshakeComplete();
        return ch;
    }

    private static ByteBuf framed(byte[] frame) {
        return Unpooled.buffer().writeInt(frame.length).writeBytes(frame);
    }

    private static byte[] emptyKeyListEntries(int count) throws IOException {
        byte[] entries = new byte[2 * count];
        for (int i = 0; i < count; i++) {
            entries[2 * i] = (byte) ((KeyList.ENTRIES_FIELD_NUMBER << 3) | 2); // length-delimited, length 0
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Envelopes.newEnvelope("", 3).build().toByteArray());
        out.write(field(Envelope.SECAGG_FIELD_NUMBER, field(SecAggMessage.KEY_LIST_FIELD_NUMBER, entries)));
        return out.toByteArray();
    }

    private static byte[] field(int number, byte[] value) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buf);
        out.writeByteArray(number, value);
        out.flush();
        return buf.toByteArray();
    }
}
