package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Optional;
import org.fedvae.protocol.proto.AdvertiseKeys;
import org.fedvae.protocol.proto.PlainUpdate;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.WordCodec;
import org.junit.jupiter.api.Test;

class PlainExitTest {

    private final PlainExit exit = new PlainExit(4);

    @Test
    void startSendsNothingAndThereAreNoStages() {
        assertEquals(List.of(), exit.start());
        assertEquals(Optional.empty(), exit.stage());
        assertFalse(exit.isTerminal());
        assertEquals(Optional.empty(), exit.refusal());
        assertEquals(Optional.empty(), exit.abortReason());
    }

    @Test
    void theUpdateLeavesOnceAsAPlainUpdateOfLittleEndianWords() {
        exit.start();
        int[] words = {7, -1, 0x12345678, 3};
        List<Message> out = exit.submit(words);
        assertEquals(1, out.size());
        PlainUpdate u = assertInstanceOf(PlainUpdate.class, out.get(0));
        assertArrayEquals(words, WordCodec.unpack(u.getWordsLe()));
        assertEquals(0x78, u.getWordsLe().byteAt(8) & 0xFF, "little-endian");
        assertFalse(exit.isTerminal(), "after its update it still waits, under the caller's timer, for RoundEnd");
        assertThrows(IllegalStateException.class, () -> exit.submit(words));
    }

    @Test
    void wrongWordCountIsACallerBug() {
        assertThrows(IllegalArgumentException.class, () -> exit.submit(new int[3]));
        assertThrows(IllegalArgumentException.class, () -> exit.submit(new int[5]));
    }

    /** As before the exits existed: a secure-aggregation message in a plain round makes the participant decline. */
    @Test
    void aSecureAggregationMessageIsRefused() {
        exit.start();
        SecAggMessage m = SecAggMessage.newBuilder()
                .setRoundId(5)
                .setAdvertiseKeys(AdvertiseKeys.getDefaultInstance())
                .build();
        assertEquals(List.of(), exit.onMessage(m));
        assertEquals(Optional.of(PlainExit.SECAGG_REFUSED), exit.refusal());
        assertTrue(exit.isTerminal());
        assertEquals(Optional.empty(), exit.abortReason());
        assertEquals(List.of(), exit.submit(new int[4]), "a refused round sends no update");
    }

    @Test
    void deadlineEndsItSilently() {
        exit.start();
        assertEquals(List.of(), exit.deadlinePassed());
        assertTrue(exit.isTerminal());
        assertEquals(Optional.empty(), exit.refusal());
        assertEquals(List.of(), exit.submit(new int[4]));
        assertEquals(
                List.of(), exit.onMessage(SecAggMessage.getDefaultInstance()), "nothing to refuse after giving up");
        assertEquals(Optional.empty(), exit.refusal());
    }
}
