package org.fedvae.protocol.secagg;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.proto.ConsistencyCheckSignature;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SharePair;

/**
 * Stage 4 (participant): has sent its masked input and waits for the survivor set U3. It signs
 * U3 only if U3 is inside U1 and, within its neighbourhood (all of U1 with the complete graph), inside
 * its U2, contains itself (it did send its input) and has >= t members in its neighbourhood.
 * The signature is what stops the coordinator from telling different participants different
 * stories about who survived.
 */
final class ParticipantConsistencyCheckState extends ParticipantState {

    private final SessionGraph graph;
    private final byte[] sessionId;
    private final NavigableMap<Integer, SharePair> held;

    ParticipantConsistencyCheckState(
            ParticipantContext ctx, SessionGraph graph, byte[] sessionId, NavigableMap<Integer, SharePair> held) {
        super(ctx);
        this.graph = graph;
        this.sessionId = sessionId;
        this.held = held;
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.CONSISTENCY_CHECK;
    }

    @Override
    String awaiting() {
        return "ConsistencyCheckRequest";
    }

    @Override
    ParticipantState handle(SecAggMessage message, List<SecAggMessage> out) throws SecAggViolation {
        if (!message.hasConsistencyCheckRequest()) {
            return super.handle(message, out);
        }
        NavigableSet<Integer> u3 =
                IdSets.distinct(message.getConsistencyCheckRequest().getSurvivorsList(), "the survivor set");
        int neighbourhoodSurvivors = 0;
        for (int id : u3) {
            // Sparse graph: a survivor outside our neighbourhood only has to be in U1; we hold nothing of it.
            boolean ours = id == ctx.selfId || graph.areNeighbours(ctx.selfId, id);
            if (ours) {
                neighbourhoodSurvivors++;
            }
            if (!graph.contains(id) || ours && !held.containsKey(id)) {
                throw new SecAggViolation(
                        SecAggAbortReason.INCONSISTENT_SETS,
                        "survivor " + Integer.toUnsignedString(id) + " is not in U2 as participant " + ctx.selfId
                                + " saw it " + IdSets.show(held.keySet()));
            }
        }
        if (!u3.contains(ctx.selfId)) {
            throw new SecAggViolation(
                    SecAggAbortReason.INCONSISTENT_SETS,
                    "the survivor set leaves out participant " + ctx.selfId + ", who sent its masked input");
        }
        if (u3.size() < ctx.config.threshold()) {
            throw new SecAggViolation(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    "the survivor set has " + u3.size() + " participants, threshold is " + ctx.config.threshold());
        }
        if (neighbourhoodSurvivors < ctx.config.threshold()) {
            throw new SecAggViolation(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    "the survivor set has " + neighbourhoodSurvivors + " members of the neighbourhood of participant "
                            + ctx.selfId + ", threshold is " + ctx.config.threshold());
        }
        byte[] signature =
                Ed25519.sign(ctx.identityPrivateKey(), SignedPayloads.consistency(ctx.config.roundId(), sessionId, u3));
        out.add(ctx.message()
                .setConsistencyCheckSignature(
                        ConsistencyCheckSignature.newBuilder().setSignature(ByteString.copyFrom(signature)))
                .build());
        return new ParticipantUnmaskingState(ctx, graph, sessionId, held, u3);
    }
}
