package org.fedvae.protocol.secagg;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.UnmaskingResponse;

/**
 * Stage 5 (coordinator): collects from U4 the b shares of every survivor and the s_sk shares of
 * every dropped participant, each at the responder's own share index and (protocol v2) each
 * matching its owner's signed commitment. On close, with at least t responses, {@link Unmasker}
 * strips the masks and the round completes.
 */
final class CoordinatorUnmaskingState extends CoordinatorState {

    private static final int SHARE_BYTES = 32;

    private final KeyRing u1;
    private final SessionGraph graph;
    private final byte[] sessionId;
    private final Map<Integer, DealerCommitments> commitments;
    private final NavigableSet<Integer> u3;
    private final NavigableSet<Integer> dropped;
    private final int[] sum;
    private final StageArrivals<UnmaskingResponse> arrivals;

    CoordinatorUnmaskingState(
            CoordinatorContext ctx,
            KeyRing u1,
            SessionGraph graph,
            byte[] sessionId,
            Map<Integer, DealerCommitments> commitments,
            NavigableSet<Integer> u3,
            NavigableSet<Integer> dropped,
            NavigableSet<Integer> u4,
            int[] sum) {
        super(ctx);
        this.u1 = u1;
        this.graph = graph;
        this.sessionId = sessionId;
        this.commitments = commitments;
        this.u3 = u3;
        this.dropped = dropped;
        this.sum = sum;
        this.arrivals = new StageArrivals<>("UnmaskingResponse", "U4", ctx.present(u4));
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.UNMASKING;
    }

    @Override
    SecAggMessage.BodyCase collects() {
        return SecAggMessage.BodyCase.UNMASKING_RESPONSE;
    }

    @Override
    void accept(int sender, SecAggMessage message) throws SecAggViolation {
        arrivals.admit(sender);
        UnmaskingResponse response = message.getUnmaskingResponse();
        NavigableSet<Integer> hood = graph.neighbourhood(sender);
        checkShares(sender, response.getSelfMaskSharesList(), within(u3, hood), "self-mask");
        checkShares(sender, response.getMaskKeySharesList(), within(dropped, hood), "mask-key");
        checkCommitted(sender, response.getSelfMaskSharesList(), RevealLedger.Kind.SELF_MASK);
        checkCommitted(sender, response.getMaskKeySharesList(), RevealLedger.Kind.MASK_KEY);
        arrivals.put(sender, response);
    }

    /**
     * Protocol v2: every revealed share must be the one its owner committed to dealing the
     * responder. Otherwise the whole response is refused and the responder leaves the round, so
     * reconstruction only ever sees verified shares: too few of them abort the round, never a wrong sum.
     */
    private void checkCommitted(int sender, List<RevealedShare> shares, RevealLedger.Kind kind) throws SecAggViolation {
        for (RevealedShare s : shares) {
            if (!commitments.get(s.getOwnerId()).matches(sessionId, sender, kind, s.getShare())) {
                throw new SecAggViolation(
                        SecAggAbortReason.SHARE_COMMITMENT_MISMATCH,
                        "participant " + sender + " revealed a "
                                + (kind == RevealLedger.Kind.SELF_MASK ? "self-mask" : "mask-key")
                                + " share of participant "
                                + s.getOwnerId() + " that does not match the commitment participant " + s.getOwnerId()
                                + " signed",
                        sender);
            }
        }
    }

    /** The members of {@code set} in the neighbourhood {@code hood}: whose shares a responder holds. */
    private NavigableSet<Integer> within(NavigableSet<Integer> set, NavigableSet<Integer> hood) {
        if (!graph.isSparse()) {
            return set;
        }
        // Walk the neighbourhood (k + 1 ids), not the set (up to n): this runs once per response.
        NavigableSet<Integer> s = new TreeSet<>();
        for (int id : hood) {
            if (set.contains(id)) {
                s.add(id);
            }
        }
        return s;
    }

    /** Exactly one share per owner in {@code owners}, at the responder's index for that owner, of the right size. */
    private void checkShares(int sender, List<RevealedShare> shares, Set<Integer> owners, String kind)
            throws SecAggViolation {
        Set<Integer> seen = new HashSet<>();
        for (RevealedShare s : shares) {
            if (!owners.contains(s.getOwnerId()) || !seen.add(s.getOwnerId())) {
                throw malformed("participant " + sender + " sent a " + kind + " share for "
                        + Integer.toUnsignedString(s.getOwnerId()) + ", which was not asked for or came twice");
            }
            int index = graph.shareIndex(s.getOwnerId(), sender);
            if (s.getShareIndex() != index) {
                throw malformed("participant " + sender + " labelled a " + kind + " share with index "
                        + Integer.toUnsignedString(s.getShareIndex()) + ", its own index is " + index);
            }
            if (s.getShare().size() != SHARE_BYTES) {
                throw malformed("participant " + sender + " sent a " + kind + " share of "
                        + s.getShare().size() + " bytes, expected " + SHARE_BYTES);
            }
        }
        if (seen.size() != owners.size()) {
            throw malformed("participant " + sender + " sent " + seen.size() + " " + kind + " shares, expected "
                    + owners.size());
        }
    }

    private static SecAggViolation malformed(String detail) {
        return new SecAggViolation(SecAggAbortReason.MALFORMED_MESSAGE, detail);
    }

    @Override
    boolean complete() {
        return arrivals.complete(ctx.gone);
    }

    @Override
    CoordinatorState close(List<Outgoing> out) throws SecAggViolation {
        arrivals.requireThreshold(ctx.config.threshold());
        NeighbourhoodQuorum.require(
                graph, ctx.config.threshold(), u3, dropped, arrivals.arrived().keySet());
        new Unmasker(ctx.config, u1, graph, sessionId).unmask(sum, u3, dropped, arrivals.arrived());
        return new CoordinatorCompletedState(ctx, sum, u3);
    }

    @Override
    Set<Integer> members() {
        return arrivals.expected();
    }

    @Override
    void wipe() {
        Arrays.fill(sum, 0);
    }
}
