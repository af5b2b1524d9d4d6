package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.junit.jupiter.api.Test;

/** The participant only accepts the message its stage waits for, from the coordinator, for its round. */
class ParticipantEnvelopeTest {

    private final Cohort cohort = Cohort.create(3, 50, 4, 3, 8).withRandomInputs();
    private final Harness h = new Harness(cohort).runUntilCoordinatorIn(SecAggStage.SHARE_KEYS);
    private final int id = cohort.ids().get(0);
    private final SecAggParticipant p = cohort.participant(id);

    private void assertAbortedWith(List<SecAggMessage> replies, SecAggAbortReason reason) {
        assertEquals(SecAggStage.ABORTED, p.stage());
        assertEquals(reason, p.abortReason().orElseThrow().getReason());
        assertEquals(1, replies.size());
        assertEquals(reason, replies.get(0).getAbort().getReason());
        assertEquals(id, replies.get(0).getSenderId());
    }

    @Test
    void keyListForAnotherRound() {
        assertAbortedWith(p.handle(h.pending(id).toBuilder().setRoundId(49).build()), SecAggAbortReason.WRONG_ROUND);
    }

    @Test
    void messageThatClaimsToComeFromAParticipant() {
        assertAbortedWith(
                p.handle(h.pending(id).toBuilder()
                        .setSenderId(cohort.ids().get(1))
                        .build()),
                SecAggAbortReason.UNKNOWN_SENDER);
    }

    @Test
    void messageOfAnotherStage() {
        SecAggMessage early = SecAggMessage.newBuilder()
                .setRoundId(50)
                .setUnmaskingRequest(org.fedvae.protocol.proto.UnmaskingRequest.getDefaultInstance())
                .build();
        List<SecAggMessage> replies = p.handle(early);
        assertAbortedWith(replies, SecAggAbortReason.UNEXPECTED_MESSAGE);
        assertTrue(replies.get(0).getAbort().getDetail().contains("UnmaskingRequest"));
    }

    @Test
    void deadlineAbortsAndSaysWhatWasMissing() {
        List<SecAggMessage> replies = p.deadlinePassed();
        assertAbortedWith(replies, SecAggAbortReason.TIMEOUT);
        assertTrue(
                replies.get(0).getAbort().getDetail().contains("KeyList"),
                replies.get(0).getAbort().getDetail());
        assertEquals(List.of(), p.deadlinePassed());
    }

    @Test
    void coordinatorAbortEndsTheRoundSilently() {
        SecAggMessage abort = SecAggMessage.newBuilder()
                .setRoundId(50)
                .setAbort(Abort.newBuilder()
                        .setReason(SecAggAbortReason.BELOW_THRESHOLD)
                        .setDetail("too few"))
                .build();
        assertEquals(List.of(), p.handle(abort));
        assertEquals(
                SecAggAbortReason.PEER_ABORTED, p.abortReason().orElseThrow().getReason());
        assertTrue(p.abortReason().orElseThrow().getDetail().contains("BELOW_THRESHOLD"));
        // Nothing after an abort gets a reply.
        assertEquals(List.of(), p.handle(h.pending(id)));
    }

    @Test
    void inputOfTheWrongLengthIsACallerBug() {
        SecAggParticipant fresh = Cohort.create(3, 51, 4, 3, 8)
                .withoutInputs()
                .participant(cohort.ids().get(1));
        assertThrows(IllegalArgumentException.class, () -> fresh.submitEncodedInput(new int[3]));
        assertThrows(
                IllegalArgumentException.class, () -> fresh.submitEncodedInput(new int[8])); // the weight word missing
    }

    @Test
    void handleBeforeStartIsACallerBug() {
        SecAggParticipant fresh = Cohort.create(3, 52, 4, 3, 8)
                .withoutInputs()
                .participant(cohort.ids().get(1));
        assertThrows(IllegalStateException.class, () -> fresh.handle(h.pending(id)));
    }
}
