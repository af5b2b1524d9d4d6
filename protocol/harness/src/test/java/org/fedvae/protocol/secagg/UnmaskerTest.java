package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Set;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.UnmaskingResponse;
import org.junit.jupiter.api.Test;

/**
 * Shamir shares carry no integrity, so the coordinator checks what it reconstructs: a bad share
 * aborts the round instead of yielding a silently wrong sum.
 */
class UnmaskerTest {

    private static final int N = 6;
    private static final int T = 4;

    private static SecAggMessage corrupt(SecAggMessage response, boolean selfMask) {
        UnmaskingResponse.Builder r = response.getUnmaskingResponse().toBuilder();
        RevealedShare s = selfMask ? r.getSelfMaskShares(0) : r.getMaskKeyShares(0);
        byte[] bytes = s.getShare().toByteArray();
        bytes[0] ^= 1;
        RevealedShare bad = s.toBuilder().setShare(ByteString.copyFrom(bytes)).build();
        if (selfMask) {
            r.setSelfMaskShares(0, bad);
        } else {
            r.setMaskKeyShares(0, bad);
        }
        return response.toBuilder().setUnmaskingResponse(r).build();
    }

    /**
     * Runs to the unmasking stage with one participant missing its masked input, then lets one
     * participant send a bad share; with {@code exactlyT} one more never answers, so exactly t
     * responses arrive and only the check against the advertised key can notice.
     */
    private static Harness roundWithABadShare(long seed, boolean selfMask, boolean exactlyT) {
        Cohort c = Cohort.create(seed, 60 + seed, N, T, 8).withRandomInputs();
        int quiet = c.ids().get(5);
        Harness h = new Harness(c).start();
        h.deliverAll();
        h.deliverAll(Set.of(quiet));
        h.deadline();
        h.deliverAll(Set.of(quiet));
        assertEquals(SecAggStage.UNMASKING, h.coordinator.stage());
        int liar = c.ids().get(0);
        List<SecAggMessage> honest = h.deliverTo(liar, h.pending(liar));
        h.inbox.remove(liar);
        h.toCoordinator(List.of(corrupt(honest.get(0), selfMask)));
        h.deliverAll(exactlyT ? Set.of(quiet, c.ids().get(4)) : Set.of(quiet));
        if (exactlyT) {
            h.deadline();
        }
        return h;
    }

    @Test
    void aBadSelfMaskShareIsCaughtWhenMoreThanTResponsesArrived() {
        Harness h = roundWithABadShare(1, true, false);
        assertEquals(SecAggStage.ABORTED, h.coordinator.stage());
        assertEquals(SecAggAbortReason.RECONSTRUCTION_FAILED, h.coordinator.abortReason().orElseThrow().getReason());
        assertTrue(h.coordinator.unmaskedSum().isEmpty());
    }

    @Test
    void aBadMaskKeyShareNeverMatchesTheAdvertisedPublicKey() {
        Harness h = roundWithABadShare(2, false, true);
        assertEquals(SecAggStage.ABORTED, h.coordinator.stage());
        assertEquals(SecAggAbortReason.RECONSTRUCTION_FAILED, h.coordinator.abortReason().orElseThrow().getReason());
        assertTrue(h.coordinator.abortReason().orElseThrow().getDetail().contains("s_pk"));
        assertFalse(h.coordinator.unmaskedSum().isPresent());
    }

    @Test
    void withGoodSharesTheSameScheduleCompletes() {
        Cohort c = Cohort.create(3, 63, N, T, 8).withRandomInputs();
        int quiet = c.ids().get(5);
        Harness h = new Harness(c).start();
        h.deliverAll();
        h.deliverAll(Set.of(quiet));
        h.deadline();
        h.deliverAll(Set.of(quiet));
        h.deliverAll(Set.of(quiet));
        assertEquals(SecAggStage.COMPLETED, h.coordinator.stage());
    }
}
