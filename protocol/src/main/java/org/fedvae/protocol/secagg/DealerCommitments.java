package org.fedvae.protocol.secagg;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.ShareCommitment;
import org.fedvae.protocol.proto.ShareCommitments;
import org.fedvae.protocol.proto.SharePair;

/**
 * Protocol v2: one dealer's signed commitments to every share it dealt this round, one pair of
 * hashes per member of U1 (itself included). A dealer {@linkplain #sign signs} them in ShareKeys;
 * the coordinator and every recipient {@linkplain #verify verify} the signature before trusting
 * them, and then {@linkplain #matches check shares} against them: a recipient the shares it
 * decrypted, the coordinator every share revealed at unmasking.
 */
final class DealerCommitments {

    private static final int SIGNATURE_BYTES = 64;

    private final int dealerId;
    private final NavigableMap<Integer, ShareCommitment> byRecipient;

    private DealerCommitments(int dealerId, NavigableMap<Integer, ShareCommitment> byRecipient) {
        this.dealerId = dealerId;
        this.byRecipient = byRecipient;
    }

    /** The dealer's signed list over {@code pairs} (recipient id to the shares dealt to it), ascending recipient. */
    static ShareCommitments sign(ParticipantContext ctx, byte[] sessionId, Map<Integer, SharePair> pairs) {
        ShareCommitments.Builder list = ShareCommitments.newBuilder();
        for (Map.Entry<Integer, SharePair> e : new TreeMap<>(pairs).entrySet()) {
            int v = e.getKey();
            list.addCommitments(ShareCommitment.newBuilder()
                    .setRecipientId(v)
                    .setSelfMaskCommitment(ByteString.copyFrom(ShareCommitmentHash.of(
                            sessionId,
                            ctx.selfId,
                            v,
                            RevealLedger.Kind.SELF_MASK,
                            e.getValue().getSelfMaskShare().toByteArray())))
                    .setMaskKeyCommitment(ByteString.copyFrom(ShareCommitmentHash.of(
                            sessionId,
                            ctx.selfId,
                            v,
                            RevealLedger.Kind.MASK_KEY,
                            e.getValue().getMaskKeyShare().toByteArray()))));
        }
        byte[] payload =
                SignedPayloads.shareCommitments(ctx.config.roundId(), sessionId, ctx.selfId, list.getCommitmentsList());
        return list.setSignature(ByteString.copyFrom(Ed25519.sign(ctx.identityPrivateKey(), payload)))
                .build();
    }

    /**
     * Checks {@code signed} as {@code dealerId}'s list for this session: exactly one entry per member
     * of {@code u1Ascending} in that order, 32-byte hashes, and a valid signature by the dealer's
     * enrolled identity key over this round, this session and the dealer's id, so that no list can
     * be passed off as another dealer's, another round's or another session's.
     */
    static DealerCommitments verify(
            RoundConfig config,
            byte[] sessionId,
            int dealerId,
            Collection<Integer> u1Ascending,
            ShareCommitments signed)
            throws SecAggViolation {
        String whose = "the share commitments of participant " + dealerId;
        if (signed.getCommitmentsCount() != u1Ascending.size()) {
            throw malformed(whose + " have " + signed.getCommitmentsCount() + " entries, U1 has " + u1Ascending.size());
        }
        NavigableMap<Integer, ShareCommitment> byRecipient = new TreeMap<>();
        Iterator<Integer> expected = u1Ascending.iterator();
        for (ShareCommitment c : signed.getCommitmentsList()) {
            int want = expected.next();
            if (c.getRecipientId() != want) {
                throw malformed(whose + " name recipient " + Integer.toUnsignedString(c.getRecipientId())
                        + " where U1 in ascending order has " + want);
            }
            if (c.getSelfMaskCommitment().size() != ShareCommitmentHash.BYTES
                    || c.getMaskKeyCommitment().size() != ShareCommitmentHash.BYTES) {
                throw malformed(
                        whose + " for recipient " + want + " are not " + ShareCommitmentHash.BYTES + " bytes each");
            }
            byRecipient.put(want, c);
        }
        byte[] payload =
                SignedPayloads.shareCommitments(config.roundId(), sessionId, dealerId, signed.getCommitmentsList());
        if (signed.getSignature().size() != SIGNATURE_BYTES
                || !Ed25519.verify(
                        config.identityKey(dealerId),
                        payload,
                        signed.getSignature().toByteArray())) {
            throw new SecAggViolation(
                    SecAggAbortReason.INVALID_SIGNATURE, whose + " are not signed by it for this round and session");
        }
        return new DealerCommitments(dealerId, Collections.unmodifiableNavigableMap(byRecipient));
    }

    int dealerId() {
        return dealerId;
    }

    /** Whether {@code share} is the share of {@code kind} this dealer committed to dealing {@code recipientId}. */
    boolean matches(byte[] sessionId, int recipientId, RevealLedger.Kind kind, ByteString share) {
        ShareCommitment c = byRecipient.get(recipientId);
        if (c == null) {
            return false;
        }
        ByteString committed =
                kind == RevealLedger.Kind.SELF_MASK ? c.getSelfMaskCommitment() : c.getMaskKeyCommitment();
        byte[] actual = ShareCommitmentHash.of(sessionId, dealerId, recipientId, kind, share.toByteArray());
        return MessageDigest.isEqual(committed.toByteArray(), actual);
    }

    /** A recipient's check of the pair it decrypted: a mismatch blames the dealer, who signed the commitments. */
    void requireDealt(byte[] sessionId, int recipientId, SharePair pair) throws SecAggViolation {
        boolean b = matches(sessionId, recipientId, RevealLedger.Kind.SELF_MASK, pair.getSelfMaskShare());
        boolean s = matches(sessionId, recipientId, RevealLedger.Kind.MASK_KEY, pair.getMaskKeyShare());
        if (!b || !s) {
            String which = !b && !s ? "both shares" : !b ? "the self-mask share" : "the mask-key share";
            throw new SecAggViolation(
                    SecAggAbortReason.SHARE_COMMITMENT_MISMATCH,
                    "participant " + dealerId + " dealt " + which + " of participant " + recipientId
                            + " not matching its own signed commitment",
                    dealerId);
        }
    }

    private static SecAggViolation malformed(String detail) {
        return new SecAggViolation(SecAggAbortReason.MALFORMED_MESSAGE, detail);
    }
}
