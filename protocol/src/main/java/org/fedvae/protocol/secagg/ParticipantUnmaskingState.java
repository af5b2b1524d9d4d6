package org.fedvae.protocol.secagg;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SharePair;
import org.fedvae.protocol.proto.UnmaskingRequest;
import org.fedvae.protocol.proto.UnmaskingResponse;

/**
 * Stage 5 (participant): has signed U3 and waits for the unmasking request. After the checks of
 * {@link UnmaskingRequestCheck} it reveals b shares for survivors and s_sk shares for the
 * dropped, each peer's kind recorded in the ledger first.
 */
final class ParticipantUnmaskingState extends ParticipantState {

    private final SessionGraph graph;
    private final NavigableMap<Integer, SharePair> held;
    private final UnmaskingRequestCheck check;

    ParticipantUnmaskingState(
            ParticipantContext ctx,
            SessionGraph graph,
            byte[] sessionId,
            NavigableMap<Integer, SharePair> held,
            NavigableSet<Integer> u3) {
        super(ctx);
        this.graph = graph;
        this.held = held;
        this.check = new UnmaskingRequestCheck(ctx.config, graph, sessionId, held.keySet(), u3, ctx.selfId);
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.UNMASKING;
    }

    @Override
    String awaiting() {
        return "UnmaskingRequest";
    }

    @Override
    ParticipantState handle(SecAggMessage message, List<SecAggMessage> out) throws SecAggViolation {
        if (!message.hasUnmaskingRequest()) {
            return super.handle(message, out);
        }
        UnmaskingRequest request = message.getUnmaskingRequest();
        UnmaskingRequestCheck.Plan plan = check.check(request);
        RevealLedger ledger = new RevealLedger();
        for (int v : plan.survivors()) {
            ledger.record(v, RevealLedger.Kind.SELF_MASK);
        }
        for (int v : plan.dropped()) {
            ledger.record(v, RevealLedger.Kind.MASK_KEY);
        }
        UnmaskingResponse.Builder response = UnmaskingResponse.newBuilder();
        for (int v : plan.survivors()) {
            response.addSelfMaskShares(
                    revealed(v, graph.shareIndex(v, ctx.selfId), held.get(v).getSelfMaskShare()));
        }
        for (int v : plan.dropped()) {
            response.addMaskKeyShares(
                    revealed(v, graph.shareIndex(v, ctx.selfId), held.get(v).getMaskKeyShare()));
        }
        SecAggMessage reply = ctx.message().setUnmaskingResponse(response).build();
        out.add(reply);
        // The completed state keeps only the ledger and what was already sent, not the held shares.
        return new ParticipantCompletedState(ctx, ledger, request, reply);
    }

    private static RevealedShare revealed(int owner, int index, ByteString share) {
        return RevealedShare.newBuilder()
                .setOwnerId(owner)
                .setShareIndex(index)
                .setShare(share)
                .build();
    }
}
