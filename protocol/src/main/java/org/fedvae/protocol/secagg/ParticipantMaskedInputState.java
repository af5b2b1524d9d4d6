package org.fedvae.protocol.secagg;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import org.fedvae.protocol.crypto.KeyDerivation;
import org.fedvae.protocol.crypto.MaskPrg;
import org.fedvae.protocol.proto.MaskedInput;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SharePair;

/**
 * Stage 3 (participant): knows U2 and waits for its encoded update (the caller trains
 * meanwhile). Then y = x + PRG(b) + sum over v in U2\{u} of +-PRG(s_uv), + when u < v, all
 * mod 2^32. Each stream has its own key, derived once, so the all-zero IV is safe.
 */
final class ParticipantMaskedInputState extends ParticipantState {

    private final KeyRing u1;
    private final SessionGraph graph;
    private final byte[] sessionId;
    private final byte[] sSk;
    private final byte[] selfMaskSeed;
    private final NavigableMap<Integer, SharePair> held;

    ParticipantMaskedInputState(
            ParticipantContext ctx,
            KeyRing u1,
            SessionGraph graph,
            byte[] sessionId,
            byte[] sSk,
            byte[] selfMaskSeed,
            NavigableMap<Integer, SharePair> held) {
        super(ctx);
        this.u1 = u1;
        this.graph = graph;
        this.sessionId = sessionId;
        this.sSk = sSk;
        this.selfMaskSeed = selfMaskSeed;
        this.held = held;
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.MASKED_INPUT;
    }

    @Override
    String awaiting() {
        return "the local update";
    }

    @Override
    ParticipantState inputAvailable(List<SecAggMessage> out) throws SecAggViolation {
        int[] y = ctx.takeInput();
        byte[] selfKey = KeyDerivation.selfMaskKey(selfMaskSeed, sessionId);
        MaskPrg.add(selfKey, KeyDerivation.maskIv(), y, false);
        Arrays.fill(selfKey, (byte) 0);
        for (int peer : held.keySet()) {
            if (peer == ctx.selfId) {
                continue;
            }
            byte[] shared = Agreement.agree(sSk, u1.get(peer).sPk(), peer, "s_pk");
            byte[] key = KeyDerivation.pairwiseMaskKey(shared, sessionId);
            // u adds the stream for higher peers and subtracts it for lower ones, so each pair cancels.
            MaskPrg.add(key, KeyDerivation.maskIv(), y, ctx.selfId > peer);
            Arrays.fill(shared, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
        wipe();
        out.add(ctx.message()
                .setMaskedInput(MaskedInput.newBuilder().setWordsLe(WordCodec.pack(y)))
                .build());
        return new ParticipantConsistencyCheckState(ctx, graph, sessionId, Collections.unmodifiableNavigableMap(held));
    }

    @Override
    void wipe() {
        Arrays.fill(selfMaskSeed, (byte) 0);
        Arrays.fill(sSk, (byte) 0);
    }
}
