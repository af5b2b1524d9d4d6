package org.fedvae.coordinator.conformance;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.ConsistencyCheckSignature;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.ShareKeys;
import org.fedvae.protocol.proto.UnmaskingResponse;

/** What a {@link KitTestParticipant} with a {@link KitTestParticipant.Flaw} sends instead of its machine's answer. */
final class KitTestFlawedAnswers {

    private static final Set<SecAggAbortReason> IGNORED = Set.of(
            SecAggAbortReason.INVALID_SIGNATURE,
            SecAggAbortReason.INCONSISTENT_SETS,
            SecAggAbortReason.REVEAL_CONFLICT);

    private KitTestFlawedAnswers() {}

    /**
     * The machine's answer {@code honest} to {@code in}, or: where it ignores its machine's checks and the machine
     * refused on a security check, a compliant-looking one; where it deals to a non-neighbour, one ciphertext more.
     */
    static List<SecAggMessage> answer(
            KitTestParticipant.Flaw flaw, int selfId, SecAggMessage in, List<SecAggMessage> honest) {
        if (flaw == KitTestParticipant.Flaw.DEALS_TO_A_NON_NEIGHBOUR && in.hasKeyList()) {
            return honest.stream().map(m -> withExtraShare(selfId, in, m)).toList();
        }
        boolean refused = honest.stream()
                .anyMatch(m -> m.hasAbort() && IGNORED.contains(m.getAbort().getReason()));
        if (flaw != KitTestParticipant.Flaw.IGNORES_MACHINE_CHECKS || !refused) {
            return honest;
        }
        SecAggMessage.Builder b =
                SecAggMessage.newBuilder().setRoundId(in.getRoundId()).setSenderId(selfId);
        if (in.hasKeyList()) {
            b.setShareKeys(ShareKeys.getDefaultInstance());
        } else if (in.hasConsistencyCheckRequest()) {
            b.setConsistencyCheckSignature(
                    ConsistencyCheckSignature.newBuilder().setSignature(ByteString.copyFrom(new byte[64])));
        } else {
            UnmaskingResponse.Builder u = UnmaskingResponse.newBuilder();
            for (int dropped : in.getUnmaskingRequest().getDroppedList()) {
                u.addMaskKeyShares(RevealedShare.newBuilder()
                        .setOwnerId(dropped)
                        .setShareIndex(selfId)
                        .setShare(ByteString.copyFrom(new byte[32])));
            }
            b.setUnmaskingResponse(u);
        }
        return List.of(b.build());
    }

    /** {@code m} with one more ciphertext, for the lowest member of the key list it did not deal to (if any). */
    private static SecAggMessage withExtraShare(int selfId, SecAggMessage keyList, SecAggMessage m) {
        if (!m.hasShareKeys() || m.getShareKeys().getSharesCount() == 0) {
            return m;
        }
        Set<Integer> dealt = new HashSet<>();
        m.getShareKeys().getSharesList().forEach(s -> dealt.add(s.getRecipientId()));
        return keyList.getKeyList().getEntriesList().stream()
                .mapToInt(AdvertisedKeys::getParticipantId)
                .filter(p -> p != selfId && !dealt.contains(p))
                .findFirst()
                .stream()
                .mapToObj(p -> m.toBuilder()
                        .setShareKeys(m.getShareKeys().toBuilder()
                                .addShares(m.getShareKeys().getShares(0).toBuilder()
                                        .setRecipientId(p)))
                        .build())
                .findFirst()
                .orElse(m);
    }
}
