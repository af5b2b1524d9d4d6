package org.fedvae.protocol.secagg;

import java.util.HashSet;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SignedSurvivorSet;
import org.fedvae.protocol.proto.UnmaskingRequest;

/**
 * The participant's checks on the coordinator's unmasking request, against what the participant
 * itself saw: survivors are exactly the U3 it signed, dropped are, within its neighbourhood, exactly
 * the rest of its U2 (so the two are disjoint; outside the neighbourhood of a sparse graph, inside U1),
 * and at least t distinct members of U3 in its neighbourhood signed that same U3 under this session.
 * The plan reveals only shares it holds: of its neighbours.
 */
final class UnmaskingRequestCheck {

    /** The validated sets: whose b shares and whose s_sk shares to reveal. */
    record Plan(NavigableSet<Integer> survivors, NavigableSet<Integer> dropped) {}

    private final RoundConfig config;
    private final SessionGraph graph;
    private final byte[] sessionId;
    private final Set<Integer> u2;
    private final NavigableSet<Integer> u3;
    private final int selfId;

    UnmaskingRequestCheck(
            RoundConfig config,
            SessionGraph graph,
            byte[] sessionId,
            Set<Integer> u2,
            NavigableSet<Integer> u3,
            int selfId) {
        this.config = config;
        this.graph = graph;
        this.sessionId = sessionId;
        this.u2 = u2;
        this.u3 = u3;
        this.selfId = selfId;
    }

    Plan check(UnmaskingRequest request) throws SecAggViolation {
        NavigableSet<Integer> survivors = IdSets.distinct(request.getSurvivorsList(), "the unmasking survivor set");
        NavigableSet<Integer> dropped = IdSets.distinct(request.getDroppedList(), "the unmasking dropped set");
        for (int id : dropped) {
            if (survivors.contains(id)) {
                throw inconsistent(
                        "participant " + Integer.toUnsignedString(id) + " is listed both as survivor and as dropped");
            }
        }
        if (!survivors.equals(u3)) {
            throw inconsistent("the unmasking survivor set " + IdSets.show(survivors) + " differs from the set "
                    + IdSets.show(u3) + " that participant " + selfId + " signed");
        }
        Set<Integer> expectedDropped = new TreeSet<>(u2);
        expectedDropped.removeAll(u3);
        // Sparse graph: we only know U2 inside our neighbourhood; outside it a dropped id must be in U1.
        NavigableSet<Integer> droppedHere = new TreeSet<>();
        boolean outsideU1 = false;
        for (int id : dropped) {
            outsideU1 |= !graph.contains(id);
            if (id == selfId || graph.areNeighbours(selfId, id)) {
                droppedHere.add(id);
            }
        }
        if (outsideU1 || !droppedHere.equals(expectedDropped)) {
            throw inconsistent("the dropped set " + IdSets.show(dropped) + " is not U2 \\ U3 = "
                    + IdSets.show(expectedDropped) + " as participant " + selfId + " saw them");
        }
        verifySignatures(request);
        NavigableSet<Integer> survivorsHere = new TreeSet<>(survivors);
        survivorsHere.retainAll(u2);
        return new Plan(survivorsHere, droppedHere);
    }

    private void verifySignatures(UnmaskingRequest request) throws SecAggViolation {
        byte[] payload = SignedPayloads.consistency(config.roundId(), sessionId, u3);
        Set<Integer> signers = new HashSet<>();
        for (SignedSurvivorSet s : request.getSignaturesList()) {
            int signer = s.getSignerId();
            if (!u3.contains(signer)) {
                throw inconsistent("a consistency signature comes from participant " + Integer.toUnsignedString(signer)
                        + ", who is not a survivor");
            }
            if (signer != selfId && !graph.areNeighbours(selfId, signer)) {
                throw inconsistent("a consistency signature comes from participant " + signer
                        + ", who is not in the neighbourhood of " + selfId);
            }
            if (!signers.add(signer)) {
                throw new SecAggViolation(
                        SecAggAbortReason.DUPLICATE_SENDER, "two consistency signatures from participant " + signer);
            }
            if (s.getSignature().size() != AdvertiseCheck.SIGNATURE_BYTES
                    || !Ed25519.verify(
                            config.identityKey(signer),
                            payload,
                            s.getSignature().toByteArray())) {
                throw new SecAggViolation(
                        SecAggAbortReason.INVALID_SIGNATURE,
                        "the consistency signature of participant " + signer
                                + " does not verify over the survivor set");
            }
        }
        if (signers.size() < config.threshold()) {
            throw new SecAggViolation(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    "only " + signers.size() + " participants signed the survivor set, threshold is "
                            + config.threshold());
        }
    }

    private static SecAggViolation inconsistent(String detail) {
        return new SecAggViolation(SecAggAbortReason.INCONSISTENT_SETS, detail);
    }
}
