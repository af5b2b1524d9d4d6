package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fedvae.protocol.proto.MaskedInput;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.ShareKeys;
import org.junit.jupiter.api.Test;

/**
 * The coordinator refuses bad messages with a clear reason; the sender leaves the round and
 * everybody else finishes with the right sum.
 */
class CoordinatorRejectionTest {

    private static final int N = 6;
    private static final int T = 4;

    private static void finishWithout(Harness h, int excluded) {
        while (!h.coordinator.stage().isTerminal()) {
            int before = h.upstream.size();
            h.deliverAll(Set.of(excluded));
            if (h.upstream.size() == before && !h.coordinator.stage().isTerminal()) {
                h.deadline();
            }
        }
        List<Integer> others = new ArrayList<>(h.cohort.ids());
        others.remove((Integer) excluded);
        assertEquals(SecAggStage.COMPLETED, h.coordinator.stage(), () -> h.coordinator
                .abortReason()
                .toString());
        assertArrayEquals(h.cohort.sumOf(others), h.coordinator.unmaskedSum().orElseThrow());
    }

    private static Rejection onlyRejection(CoordinatorStep step) {
        return step.rejection().orElseThrow(() -> new AssertionError("message was accepted"));
    }

    @Test
    void messageForAnotherRound() {
        Cohort c = Cohort.create(1, 40, N, T, 8).withRandomInputs();
        Harness h = new Harness(c);
        int sender = c.ids().get(1);
        SecAggMessage m = c.participant(sender).start().get(0);
        Rejection r =
                onlyRejection(h.coordinator.handle(m.toBuilder().setRoundId(39).build()));
        assertEquals(SecAggAbortReason.WRONG_ROUND, r.reason());
        assertTrue(r.detail().contains("round 39"), r.detail());
        assertTrue(r.senderRemoved());
        List<Integer> others = new ArrayList<>(c.ids());
        others.remove((Integer) sender);
        h.start(others);
        finishWithout(h, sender);
    }

    @Test
    void senderOutsideTheCohortChangesNothing() {
        Cohort c = Cohort.create(2, 41, N, T, 8).withRandomInputs();
        Harness h = new Harness(c).start();
        Rejection r = onlyRejection(h.coordinator.handle(SecAggMessage.newBuilder()
                .setRoundId(41)
                .setSenderId(999_999)
                .setMaskedInput(MaskedInput.newBuilder().setWordsLe(ByteString.copyFrom(new byte[36])))
                .build()));
        assertEquals(SecAggAbortReason.UNKNOWN_SENDER, r.reason());
        assertFalse(r.senderRemoved());
        while (!h.coordinator.stage().isTerminal()) {
            h.deliverAll();
        }
        assertArrayEquals(c.sumOf(c.ids()), h.coordinator.unmaskedSum().orElseThrow());
    }

    @Test
    void messageOfTheWrongStage() {
        Cohort c = Cohort.create(3, 42, N, T, 8).withRandomInputs();
        Harness h = new Harness(c).runUntilCoordinatorIn(SecAggStage.SHARE_KEYS);
        int sender = c.ids().get(2);
        Rejection r = onlyRejection(h.coordinator.handle(SecAggMessage.newBuilder()
                .setRoundId(42)
                .setSenderId(sender)
                .setMaskedInput(MaskedInput.newBuilder().setWordsLe(ByteString.copyFrom(new byte[36])))
                .build()));
        assertEquals(SecAggAbortReason.UNEXPECTED_MESSAGE, r.reason());
        assertTrue(r.detail().contains("stage SHARE_KEYS"), r.detail());
        finishWithout(h, sender);
    }

    @Test
    void duplicateAdvertiseKeys() {
        Cohort c = Cohort.create(4, 43, N, T, 8).withRandomInputs();
        Harness h = new Harness(c);
        int sender = c.ids().get(0);
        SecAggMessage m = c.participant(sender).start().get(0);
        assertFalse(h.coordinator.handle(m).rejected());
        Rejection r = onlyRejection(h.coordinator.handle(m));
        assertEquals(SecAggAbortReason.DUPLICATE_SENDER, r.reason());
        List<Integer> others = new ArrayList<>(c.ids());
        others.remove((Integer) sender);
        h.start(others);
        finishWithout(h, sender);
    }

    @Test
    void maskedInputOfTheWrongLength() {
        Cohort c = Cohort.create(5, 44, N, T, 8).withRandomInputs();
        Harness h = new Harness(c).runUntilCoordinatorIn(SecAggStage.MASKED_INPUT);
        int sender = c.ids().get(3);
        SecAggMessage honest = c.participant(sender).handle(h.pending(sender)).get(0);
        h.inbox.remove(sender);
        ByteString words = honest.getMaskedInput().getWordsLe();
        Rejection r = onlyRejection(h.coordinator.handle(honest.toBuilder()
                .setMaskedInput(MaskedInput.newBuilder().setWordsLe(words.substring(0, words.size() - 4)))
                .build()));
        assertEquals(SecAggAbortReason.MALFORMED_MESSAGE, r.reason());
        // Its shares are out, so it counts as dropped: its mask key is reconstructed, its input left out.
        finishWithout(h, sender);
    }

    @Test
    void shareKeysMissingARecipient() {
        Cohort c = Cohort.create(6, 45, N, T, 8).withRandomInputs();
        Harness h = new Harness(c).runUntilCoordinatorIn(SecAggStage.SHARE_KEYS);
        int sender = c.ids().get(4);
        SecAggMessage honest = c.participant(sender).handle(h.pending(sender)).get(0);
        h.inbox.remove(sender);
        ShareKeys fewer = honest.getShareKeys().toBuilder().removeShares(0).build();
        Rejection r = onlyRejection(
                h.coordinator.handle(honest.toBuilder().setShareKeys(fewer).build()));
        assertEquals(SecAggAbortReason.MALFORMED_MESSAGE, r.reason());
        finishWithout(h, sender);
    }

    @Test
    void messagesAfterTheRoundEndedAreRefused() {
        Cohort c = Cohort.create(7, 46, N, T, 8).withRandomInputs();
        Harness h = new Harness(c).start();
        while (!h.coordinator.stage().isTerminal()) {
            h.deliverAll();
        }
        int[] sum = h.coordinator.unmaskedSum().orElseThrow();
        Rejection r = onlyRejection(h.coordinator.handle(h.upstream.get(h.upstream.size() - 1)));
        assertEquals(SecAggAbortReason.UNEXPECTED_MESSAGE, r.reason());
        assertArrayEquals(sum, h.coordinator.unmaskedSum().orElseThrow());
    }

    @Test
    void aParticipantAbortCountsAsLeaving() {
        Cohort c = Cohort.create(8, 47, N, T, 8).withRandomInputs();
        Harness h = new Harness(c).runUntilCoordinatorIn(SecAggStage.MASKED_INPUT);
        int leaver = c.ids().get(5);
        h.toCoordinator(c.participant(leaver).deadlinePassed());
        assertEquals(SecAggStage.ABORTED, c.participant(leaver).stage());
        // Everybody else sends; the stage closes without a deadline because the leaver is gone.
        h.inbox.remove(leaver);
        h.deliverAll();
        assertEquals(SecAggStage.CONSISTENCY_CHECK, h.coordinator.stage());
        finishWithout(h, leaver);
        assertTrue(h.rejections.isEmpty(), h.rejections::toString);
    }
}
