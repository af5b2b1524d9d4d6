package org.fedvae.protocol.secagg;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SignedSurvivorSet;
import org.fedvae.protocol.proto.UnmaskingRequest;

/**
 * Stage 4 (coordinator): collects the survivors' signatures over U3, each verified. On close:
 * U4 = signers; each receives the unmasking request with U3, U2 \ U3 and t of the signatures,
 * which is all a participant needs to be sure at least t agreed on U3.
 */
final class CoordinatorConsistencyCheckState extends CoordinatorState {

    private final KeyRing u1;
    private final SessionGraph graph;
    private final byte[] sessionId;
    private final NavigableSet<Integer> u2;
    /** Every member of U2's verified share commitments, for checking revealed shares. */
    private final Map<Integer, DealerCommitments> commitments;

    private final NavigableSet<Integer> u3;
    private final int[] sum;
    private final byte[] signedPayload;
    private final StageArrivals<ByteString> arrivals;

    CoordinatorConsistencyCheckState(
            CoordinatorContext ctx,
            KeyRing u1,
            SessionGraph graph,
            byte[] sessionId,
            NavigableSet<Integer> u2,
            Map<Integer, DealerCommitments> commitments,
            NavigableSet<Integer> u3,
            int[] sum) {
        super(ctx);
        this.u1 = u1;
        this.graph = graph;
        this.sessionId = sessionId;
        this.u2 = u2;
        this.commitments = commitments;
        this.u3 = u3;
        this.sum = sum;
        this.signedPayload = SignedPayloads.consistency(ctx.config.roundId(), sessionId, u3);
        this.arrivals = new StageArrivals<>("ConsistencyCheckSignature", "U3", ctx.present(u3));
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.CONSISTENCY_CHECK;
    }

    @Override
    SecAggMessage.BodyCase collects() {
        return SecAggMessage.BodyCase.CONSISTENCY_CHECK_SIGNATURE;
    }

    @Override
    void accept(int sender, SecAggMessage message) throws SecAggViolation {
        arrivals.admit(sender);
        ByteString signature = message.getConsistencyCheckSignature().getSignature();
        if (!Ed25519.verify(ctx.config.identityKey(sender), signedPayload, signature.toByteArray())) {
            throw new SecAggViolation(
                    SecAggAbortReason.INVALID_SIGNATURE,
                    "the consistency signature of participant " + sender
                            + " does not verify over the survivor set of this session");
        }
        arrivals.put(sender, signature);
    }

    @Override
    boolean complete() {
        return arrivals.complete(ctx.gone);
    }

    @Override
    CoordinatorState close(List<Outgoing> out) throws SecAggViolation {
        int t = ctx.config.threshold();
        arrivals.requireThreshold(t);
        Map<Integer, ByteString> signatures = arrivals.arrived();
        NavigableSet<Integer> u4 = new TreeSet<>(signatures.keySet());
        NavigableSet<Integer> dropped = new TreeSet<>(u2);
        dropped.removeAll(u3);
        ctx.dismissMissing(arrivals, "ConsistencyCheck", out);
        // U3 and U2 \ U3 once: every request shares these lists (toBuilder copies a repeated field only on
        // write), so n requests of n ids each cost O(n) memory, not O(n^2)
        UnmaskingRequest sets = UnmaskingRequest.newBuilder()
                .addAllSurvivors(u3)
                .addAllDropped(dropped)
                .build();
        if (!graph.isSparse()) {
            ctx.broadcast(
                    ctx.message()
                            .setUnmaskingRequest(request(sets, signatures, u4))
                            .build(),
                    u4,
                    out);
        } else {
            // Each participant checks t signatures from its own neighbourhood, so each gets its own request.
            for (int r : ctx.present(u4)) {
                UnmaskingRequest own = request(sets, signatures, graph.neighbourhood(r));
                out.add(new Outgoing(r, ctx.message().setUnmaskingRequest(own).build()));
            }
        }
        return new CoordinatorUnmaskingState(ctx, u1, graph, sessionId, commitments, u3, dropped, u4, sum);
    }

    /** {@code sets} (U3, U2 \ U3) and the signatures of the first t signers (ascending id) among {@code signersFrom}. */
    private UnmaskingRequest request(
            UnmaskingRequest sets, Map<Integer, ByteString> signatures, Set<Integer> signersFrom) {
        UnmaskingRequest.Builder request = sets.toBuilder();
        for (Map.Entry<Integer, ByteString> s : signatures.entrySet()) {
            if (request.getSignaturesCount() == ctx.config.threshold()) {
                break;
            }
            if (signersFrom.contains(s.getKey())) {
                request.addSignatures(
                        SignedSurvivorSet.newBuilder().setSignerId(s.getKey()).setSignature(s.getValue()));
            }
        }
        return request.build();
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
