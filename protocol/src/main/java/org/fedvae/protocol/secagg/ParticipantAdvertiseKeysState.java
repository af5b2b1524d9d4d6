package org.fedvae.protocol.secagg;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.crypto.KeyDerivation;
import org.fedvae.protocol.crypto.Shamir;
import org.fedvae.protocol.crypto.ShamirShare;
import org.fedvae.protocol.crypto.X25519KeyPair;
import org.fedvae.protocol.proto.AdvertiseKeys;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.EncryptedShares;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.ShareKeys;
import org.fedvae.protocol.proto.SharePair;

/**
 * Stage 1 (participant): has advertised two fresh X25519 key pairs and waits for the key list
 * U1. On it: check every entry, and the advertise signatures of every entry (complete graph) or of its neighbours
 * (sparse graph: the only keys it uses; the session id still hashes the whole list), draw the self-mask seed b,
 * share b and s_sk t-of-n among its neighbourhood ({@link SessionGraph}: all of U1 with the complete
 * graph), and send each neighbour its pair of shares encrypted under the c keys.
 */
final class ParticipantAdvertiseKeysState extends ParticipantState {

    private final byte[] cSk;
    private final byte[] cPk;
    private final byte[] sSk;
    private final byte[] sPk;

    private ParticipantAdvertiseKeysState(ParticipantContext ctx, X25519KeyPair cKeys, X25519KeyPair sKeys) {
        super(ctx);
        this.cSk = cKeys.privateKey();
        this.cPk = cKeys.publicKey();
        this.sSk = sKeys.privateKey();
        this.sPk = sKeys.publicKey();
    }

    /** Makes this round's key pairs (never reused: a participant object lives for one round). */
    static ParticipantState start(ParticipantContext ctx, List<SecAggMessage> out) {
        X25519KeyPair c = X25519KeyPair.generate(ctx.random);
        X25519KeyPair s = X25519KeyPair.generate(ctx.random);
        byte[] payload = SignedPayloads.advertise(ctx.config, ctx.selfId, c.publicKey(), s.publicKey());
        byte[] signature = Ed25519.sign(ctx.identityPrivateKey(), payload);
        out.add(ctx.message()
                .setAdvertiseKeys(AdvertiseKeys.newBuilder()
                        .setCPk(ByteString.copyFrom(c.publicKey()))
                        .setSPk(ByteString.copyFrom(s.publicKey()))
                        .setSignature(ByteString.copyFrom(signature)))
                .build());
        return new ParticipantAdvertiseKeysState(ctx, c, s);
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.ADVERTISE_KEYS;
    }

    @Override
    String awaiting() {
        return "KeyList";
    }

    @Override
    ParticipantState handle(SecAggMessage message, List<SecAggMessage> out) throws SecAggViolation {
        if (!message.hasKeyList()) {
            return super.handle(message, out);
        }
        KeyRing u1 = verify(message.getKeyList());
        byte[] sessionId = u1.sessionId(ctx.config.roundId());
        SessionGraph graph = SessionGraph.of(ctx.config, u1.ids(), sessionId);
        NavigableSet<Integer> hood = graph.neighbourhood(ctx.selfId);
        if (ctx.config.isSparse()) {
            for (int peer : hood) {
                if (peer != ctx.selfId) {
                    AdvertiseCheck.requireSigned(ctx.config, u1.get(peer));
                }
            }
        }

        int t = ctx.config.threshold();
        byte[] b = new byte[32];
        ctx.random.nextBytes(b);
        // Complete graph: shares exist for every cohort index and only members of U1 receive theirs.
        // Sparse graph: one share per member of our neighbourhood.
        int n = graph.shareCount(ctx.selfId);
        List<ShamirShare> bShares = Shamir.split(b, t, n, ctx.random);
        List<ShamirShare> sShares = Shamir.split(sSk, t, n, ctx.random);

        Map<Integer, SharePair> dealt = new TreeMap<>();
        for (int peer : hood) {
            dealt.put(peer, sharePairFor(graph.shareIndex(ctx.selfId, peer), bShares, sShares));
        }
        // Protocol v2: commit to every share dealt (our own included) in one signed list, so a share
        // that is altered later, by anyone, is caught when it is decrypted or revealed.
        ShareKeys.Builder shareKeys =
                ShareKeys.newBuilder().setCommitments(DealerCommitments.sign(ctx, sessionId, dealt));
        Map<Integer, byte[]> pairKeys = new HashMap<>();
        for (Map.Entry<Integer, SharePair> e : dealt.entrySet()) {
            int peer = e.getKey();
            if (peer == ctx.selfId) {
                continue;
            }
            byte[] shared = Agreement.agree(cSk, u1.get(peer).cPk(), peer, "c_pk");
            byte[] key = KeyDerivation.shareEncryptionKey(shared, sessionId);
            Arrays.fill(shared, (byte) 0);
            // The same key decrypts what this peer sends us, so keep it until RoutedShares.
            pairKeys.put(peer, key);
            shareKeys.addShares(EncryptedShares.newBuilder()
                    .setRecipientId(peer)
                    .setCiphertext(ShareCipher.encrypt(key, sessionId, ctx.selfId, peer, e.getValue())));
        }
        out.add(ctx.message().setShareKeys(shareKeys).build());
        wipeCKey();
        // Only the neighbourhood's keys and the local view of the graph are needed from here on (memory O(k), not
        // O(n)).
        return new ParticipantShareKeysState(
                ctx,
                u1.restrictedTo(hood),
                graph.localTo(ctx.selfId),
                sessionId,
                sSk,
                b,
                pairKeys,
                dealt.get(ctx.selfId));
    }

    private SharePair sharePairFor(int index, List<ShamirShare> bShares, List<ShamirShare> sShares) {
        ShamirShare bs = bShares.get(index - 1);
        ShamirShare ss = sShares.get(index - 1);
        if (bs.index() != index || ss.index() != index) {
            throw new IllegalStateException("Shamir.split returned shares out of index order");
        }
        return SharePair.newBuilder()
                .setSelfMaskShare(ByteString.copyFrom(bs.data()))
                .setMaskKeyShare(ByteString.copyFrom(ss.data()))
                .build();
    }

    /**
     * The key list must hold only cohort members, each once, each with a valid signature over
     * this round's id and its keys (sparse graph: checked later, for neighbours only), no public key twice, our own
     * keys unchanged, and >= t entries.
     */
    private KeyRing verify(KeyList list) throws SecAggViolation {
        List<PeerKeys> peers = new ArrayList<>(list.getEntriesCount());
        boolean sparse = ctx.config.isSparse();
        for (AdvertisedKeys entry : list.getEntriesList()) {
            peers.add(
                    sparse
                            ? AdvertiseCheck.wellFormed(ctx.config, entry.getParticipantId(), entry.getKeys())
                            : AdvertiseCheck.verify(ctx.config, entry.getParticipantId(), entry.getKeys()));
        }
        KeyRing u1 = KeyRing.of(peers);
        if (!u1.contains(ctx.selfId)) {
            throw new SecAggViolation(
                    SecAggAbortReason.INCONSISTENT_SETS,
                    "the key list leaves out participant " + ctx.selfId + ", who advertised keys");
        }
        PeerKeys mine = u1.get(ctx.selfId);
        if (!Arrays.equals(mine.cPk(), cPk) || !Arrays.equals(mine.sPk(), sPk)) {
            throw new SecAggViolation(
                    SecAggAbortReason.INCONSISTENT_SETS,
                    "the key list carries keys for participant " + ctx.selfId + " that it did not advertise");
        }
        if (u1.size() < ctx.config.threshold()) {
            throw new SecAggViolation(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    "the key list has " + u1.size() + " participants, threshold is " + ctx.config.threshold());
        }
        return u1;
    }

    private void wipeCKey() {
        Arrays.fill(cSk, (byte) 0);
    }

    @Override
    void wipe() {
        wipeCKey();
        Arrays.fill(sSk, (byte) 0);
    }
}
