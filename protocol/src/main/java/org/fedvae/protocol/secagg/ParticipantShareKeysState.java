package org.fedvae.protocol.secagg;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedvae.protocol.proto.RoutedCiphertext;
import org.fedvae.protocol.proto.RoutedShares;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SharePair;

/**
 * Stage 2 (participant): has sent its encrypted shares and waits for the ciphertexts routed to
 * it, from its neighbours only. Their senders (plus itself) are U2 as it sees it: the peers it will
 * mask against and whose shares it holds; t of them at least. Every ciphertext must authenticate, or the round aborts.
 */
final class ParticipantShareKeysState extends ParticipantState {

    private static final int SHARE_BYTES = 32;

    /** The keys of our neighbourhood in U1. */
    private final KeyRing u1;

    private final SessionGraph graph;
    private final byte[] sessionId;
    private final byte[] sSk;
    private final byte[] selfMaskSeed;
    private final Map<Integer, byte[]> pairKeys;
    private final SharePair ownShares;

    ParticipantShareKeysState(
            ParticipantContext ctx,
            KeyRing u1,
            SessionGraph graph,
            byte[] sessionId,
            byte[] sSk,
            byte[] selfMaskSeed,
            Map<Integer, byte[]> pairKeys,
            SharePair ownShares) {
        super(ctx);
        this.u1 = u1;
        this.graph = graph;
        this.sessionId = sessionId;
        this.sSk = sSk;
        this.selfMaskSeed = selfMaskSeed;
        this.pairKeys = pairKeys;
        this.ownShares = ownShares;
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.SHARE_KEYS;
    }

    @Override
    String awaiting() {
        return "RoutedShares";
    }

    @Override
    ParticipantState handle(SecAggMessage message, List<SecAggMessage> out) throws SecAggViolation {
        if (!message.hasRoutedShares()) {
            return super.handle(message, out);
        }
        RoutedShares routed = message.getRoutedShares();
        TreeMap<Integer, SharePair> held = new TreeMap<>();
        held.put(ctx.selfId, ownShares);
        for (RoutedCiphertext c : routed.getCiphertextsList()) {
            int sender = c.getSenderId();
            if (sender == ctx.selfId || !graph.contains(sender)) {
                throw new SecAggViolation(
                        SecAggAbortReason.INCONSISTENT_SETS,
                        "routed shares name sender " + Integer.toUnsignedString(sender) + ", who is not a peer in U1");
            }
            if (!graph.areNeighbours(ctx.selfId, sender)) {
                throw new SecAggViolation(
                        SecAggAbortReason.INCONSISTENT_SETS,
                        "routed shares name sender " + sender + ", who is not a neighbour of " + ctx.selfId);
            }
            if (held.containsKey(sender)) {
                throw new SecAggViolation(
                        SecAggAbortReason.DUPLICATE_SENDER,
                        "routed shares hold two ciphertexts from participant " + sender);
            }
            // The signature first: a list the coordinator made up or moved is the coordinator's fault, not the
            // sender's.
            if (!c.hasSenderCommitments()) {
                throw new SecAggViolation(
                        SecAggAbortReason.MALFORMED_MESSAGE,
                        "routed shares from participant " + sender + " come without its share commitments");
            }
            DealerCommitments commitments = DealerCommitments.verify(
                    ctx.config, sessionId, sender, graph.neighbourhood(sender), c.getSenderCommitments());
            SharePair pair =
                    ShareCipher.decrypt(pairKeys.get(sender), sessionId, sender, ctx.selfId, c.getCiphertext());
            if (pair.getSelfMaskShare().size() != SHARE_BYTES
                    || pair.getMaskKeyShare().size() != SHARE_BYTES) {
                throw new SecAggViolation(
                        SecAggAbortReason.MALFORMED_MESSAGE,
                        "shares from participant " + sender + " are not " + SHARE_BYTES + " bytes each");
            }
            // Authenticated by the pair key and the list signed by the sender: a mismatch is the sender's doing.
            commitments.requireDealt(sessionId, ctx.selfId, pair);
            held.put(sender, pair);
        }
        if (held.size() < ctx.config.threshold()) {
            throw new SecAggViolation(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    "shares arrived from " + (held.size() - 1) + " peers, so U2 has " + held.size()
                            + " participants, threshold is " + ctx.config.threshold());
        }
        wipePairKeys();
        return new ParticipantMaskedInputState(ctx, u1, graph, sessionId, sSk, selfMaskSeed, held);
    }

    private void wipePairKeys() {
        for (byte[] k : pairKeys.values()) {
            Arrays.fill(k, (byte) 0);
        }
        pairKeys.clear();
    }

    @Override
    void wipe() {
        wipePairKeys();
        Arrays.fill(selfMaskSeed, (byte) 0);
        Arrays.fill(sSk, (byte) 0);
    }
}
