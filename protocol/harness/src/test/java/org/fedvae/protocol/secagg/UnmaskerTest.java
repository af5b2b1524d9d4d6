package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.UnmaskingRequest;
import org.fedvae.protocol.proto.UnmaskingResponse;
import org.junit.jupiter.api.Test;

/**
 * The Unmasker's own checks on what it reconstructs. Revealed shares are checked against their
 * dealers' signed commitments before they get here (ShareIntegrityTest), but commitments do not
 * prove that a dealer's shares lie on one polynomial (no verifiable secret sharing): a dealer may
 * commit to inconsistent shares. A corrupted share handed straight to the Unmasker stands for
 * that, and must abort the round instead of yielding a silently wrong sum.
 */
class UnmaskerTest {

    private static final int N = 6;
    private static final int T = 4;

    /** What the coordinator's Unmasker gets at the end of a round in which one participant sent no masked input. */
    private record Ending(
            Cohort cohort,
            KeyRing u1,
            NavigableSet<Integer> survivors,
            NavigableSet<Integer> dropped,
            Map<Integer, UnmaskingResponse> responses) {

        void unmask(Map<Integer, UnmaskingResponse> given) throws SecAggViolation {
            byte[] sessionId = u1.sessionId(cohort.config.roundId());
            new Unmasker(cohort.config, u1, SessionGraph.of(cohort.config, u1.ids(), sessionId), sessionId)
                    .unmask(new int[cohort.config.wordCount()], survivors, dropped, given);
        }
    }

    private static Ending honestEnding(long seed) throws SecAggViolation {
        Cohort c = Cohort.create(seed, 60 + seed, N, T, 8).withRandomInputs();
        int quiet = c.ids().get(5);
        Harness h = new Harness(c).start();
        List<PeerKeys> peers = new ArrayList<>();
        for (AdvertisedKeys e : h.pending(c.ids().get(0)).getKeyList().getEntriesList()) {
            peers.add(PeerKeys.of(e.getParticipantId(), e.getKeys()));
        }
        KeyRing u1 = KeyRing.of(peers);
        h.deliverAll();
        h.deliverAll(Set.of(quiet));
        h.deadline();
        h.deliverAll(Set.of(quiet));
        assertEquals(SecAggStage.UNMASKING, h.coordinator.stage());
        UnmaskingRequest request = h.pending(c.ids().get(0)).getUnmaskingRequest();
        Map<Integer, UnmaskingResponse> responses = new TreeMap<>();
        for (int id : c.ids()) {
            if (id != quiet) {
                responses.put(id, h.deliverTo(id, h.pending(id)).get(0).getUnmaskingResponse());
            }
        }
        return new Ending(
                c, u1, new TreeSet<>(request.getSurvivorsList()), new TreeSet<>(request.getDroppedList()), responses);
    }

    private static UnmaskingResponse corrupt(UnmaskingResponse response, boolean selfMask) {
        UnmaskingResponse.Builder r = response.toBuilder();
        RevealedShare s = selfMask ? r.getSelfMaskShares(0) : r.getMaskKeyShares(0);
        byte[] bytes = s.getShare().toByteArray();
        bytes[0] ^= 1;
        RevealedShare bad = s.toBuilder().setShare(ByteString.copyFrom(bytes)).build();
        if (selfMask) {
            r.setSelfMaskShares(0, bad);
        } else {
            r.setMaskKeyShares(0, bad);
        }
        return r.build();
    }

    @Test
    void anInconsistentSelfMaskShareIsCaughtWhenMoreThanTResponsesArrived() throws SecAggViolation {
        Ending end = honestEnding(1);
        assertEquals(T + 1, end.responses().size());
        end.unmask(end.responses()); // the honest responses unmask
        Map<Integer, UnmaskingResponse> bad = new TreeMap<>(end.responses());
        int first = end.cohort().ids().get(0);
        bad.put(first, corrupt(bad.get(first), true));
        SecAggViolation v = assertThrows(SecAggViolation.class, () -> end.unmask(bad));
        assertEquals(SecAggAbortReason.RECONSTRUCTION_FAILED, v.reason());
        assertTrue(v.detail().contains("inconsistent"), v.detail());
    }

    @Test
    void anInconsistentMaskKeyShareNeverMatchesTheAdvertisedPublicKey() throws SecAggViolation {
        Ending end = honestEnding(2);
        Map<Integer, UnmaskingResponse> exactlyT = new TreeMap<>(end.responses());
        exactlyT.remove(end.cohort().ids().get(4));
        assertEquals(T, exactlyT.size());
        end.unmask(exactlyT);
        int first = end.cohort().ids().get(0);
        exactlyT.put(first, corrupt(exactlyT.get(first), false));
        SecAggViolation v = assertThrows(SecAggViolation.class, () -> end.unmask(exactlyT));
        assertEquals(SecAggAbortReason.RECONSTRUCTION_FAILED, v.reason());
        assertTrue(v.detail().contains("s_pk"), v.detail());
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
