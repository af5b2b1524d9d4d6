package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.RoutedCiphertext;
import org.fedvae.protocol.proto.RoutedShares;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.ShareCommitment;
import org.fedvae.protocol.proto.ShareCommitments;
import org.fedvae.protocol.proto.UnmaskingResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protocol v2, share integrity: every dealer signs commitments to the shares it deals; a recipient
 * checks what it decrypts, the coordinator checks every revealed share. An altered share is caught
 * and its sender named; a round never completes with a wrong sum.
 */
class ShareIntegrityTest {

    private static final int N = 6;
    private static final int T = 4;

    private static Cohort cohort(long seed) {
        return Cohort.create(seed, 200 + seed, N, T, 12).withRandomInputs();
    }

    /** {@code list} with its signature made again by {@code dealer} for {@code sessionId}: what a lying dealer would send. */
    private static ShareCommitments resign(Cohort c, int dealer, byte[] sessionId, ShareCommitments list) {
        byte[] payload =
                SignedPayloads.shareCommitments(c.config.roundId(), sessionId, dealer, list.getCommitmentsList());
        return list.toBuilder()
                .setSignature(ByteString.copyFrom(
                        Ed25519.sign(c.identities.get(dealer).privateKey(), payload)))
                .build();
    }

    private static ByteString flipped(ByteString bytes, int at) {
        byte[] b = bytes.toByteArray();
        b[at] ^= 1;
        return ByteString.copyFrom(b);
    }

    /** Starts the round and collects every participant's ShareKeys without passing them on yet. */
    private static final class ShareKeysInHand {
        final Harness h;
        final byte[] sessionId;
        final List<SecAggMessage> shareKeys = new ArrayList<>();

        ShareKeysInHand(Cohort c) throws SecAggViolation {
            h = new Harness(c).start();
            KeyList keys = h.pending(c.ids().get(0)).getKeyList();
            List<PeerKeys> peers = new ArrayList<>();
            for (AdvertisedKeys e : keys.getEntriesList()) {
                peers.add(PeerKeys.of(e.getParticipantId(), e.getKeys()));
            }
            sessionId = KeyRing.of(peers).sessionId(c.config.roundId());
            for (int id : c.ids()) {
                shareKeys.add(h.deliverTo(id, h.pending(id)).get(0));
            }
            h.inbox.clear();
        }

        SecAggMessage of(int id) {
            return shareKeys.stream()
                    .filter(m -> m.getSenderId() == id)
                    .findFirst()
                    .orElseThrow();
        }

        void replace(int id, SecAggMessage m) {
            shareKeys.set(shareKeys.indexOf(of(id)), m);
        }

        /** Sends every ShareKeys to the coordinator: the RoutedShares then wait in the inboxes. */
        Harness send() {
            h.toCoordinator(shareKeys);
            return h;
        }
    }

    @Nested
    class ARecipientChecksWhatItDecrypts {

        @ParameterizedTest(name = "self-mask share altered: {0}")
        @ValueSource(booleans = {true, false})
        void aDealerWhoseShareDoesNotMatchItsCommitmentIsNamed(boolean selfMask) throws SecAggViolation {
            Cohort c = cohort(1);
            int dealer = c.ids().get(2);
            int victim = c.ids().get(4);
            ShareKeysInHand in = new ShareKeysInHand(c);
            // The dealer commits to one share for the victim and encrypts another: here, the
            // commitment differs from what the (untouched) ciphertext holds, signed by the dealer.
            ShareCommitments.Builder list = in.of(dealer).getShareKeys().getCommitments().toBuilder();
            int at = c.ids().indexOf(victim);
            ShareCommitment entry = list.getCommitments(at);
            list.setCommitments(
                    at,
                    selfMask
                            ? entry.toBuilder()
                                    .setSelfMaskCommitment(flipped(entry.getSelfMaskCommitment(), 7))
                                    .build()
                            : entry.toBuilder()
                                    .setMaskKeyCommitment(flipped(entry.getMaskKeyCommitment(), 7))
                                    .build());
            SecAggMessage lying = in.of(dealer).toBuilder()
                    .setShareKeys(in.of(dealer).getShareKeys().toBuilder()
                            .setCommitments(resign(c, dealer, in.sessionId, list.build())))
                    .build();
            in.replace(dealer, lying);
            Harness h = in.send();
            assertTrue(h.rejections.isEmpty(), "the coordinator cannot tell: " + h.rejections);

            List<SecAggMessage> replies = h.deliverTo(victim, h.pending(victim));
            SecAggParticipant v = c.participant(victim);
            assertEquals(SecAggStage.ABORTED, v.stage());
            Abort abort = v.abortReason().orElseThrow();
            assertEquals(SecAggAbortReason.SHARE_COMMITMENT_MISMATCH, abort.getReason(), abort.getDetail());
            assertEquals(dealer, abort.getCulpritId(), "the abort names the dealer");
            assertEquals(abort, replies.get(0).getAbort());
            // Everybody else got matching shares from this dealer and goes on.
            for (int id : c.ids()) {
                if (id != victim) {
                    h.deliverTo(id, h.pending(id));
                    assertNotEquals(SecAggStage.ABORTED, c.participant(id).stage(), "participant " + id);
                }
            }
        }
    }

    @Nested
    class SignaturesOverCommitments {

        @Test
        void theCoordinatorRefusesShareKeysWithABadSignature() throws SecAggViolation {
            Cohort c = cohort(2);
            int dealer = c.ids().get(1);
            ShareKeysInHand in = new ShareKeysInHand(c);
            ShareCommitments list = in.of(dealer).getShareKeys().getCommitments();
            in.replace(
                    dealer,
                    in.of(dealer).toBuilder()
                            .setShareKeys(in.of(dealer).getShareKeys().toBuilder()
                                    .setCommitments(list.toBuilder().setSignature(flipped(list.getSignature(), 3))))
                            .build());
            Harness h = in.send();
            assertEquals(1, h.rejections.size());
            Rejection r = h.rejections.get(0);
            assertEquals(dealer, r.senderId());
            assertEquals(SecAggAbortReason.INVALID_SIGNATURE, r.reason());
            assertTrue(r.senderRemoved());
            // The others' round goes on without the refused dealer.
            int other = c.ids().get(0);
            assertFalse(h.pending(other).getRoutedShares().getCiphertextsList().stream()
                    .anyMatch(x -> x.getSenderId() == dealer));
        }

        @Test
        void theCoordinatorRefusesShareKeysWithoutCommitments() throws SecAggViolation {
            Cohort c = cohort(3);
            int dealer = c.ids().get(3);
            ShareKeysInHand in = new ShareKeysInHand(c);
            in.replace(
                    dealer,
                    in.of(dealer).toBuilder()
                            .setShareKeys(
                                    in.of(dealer).getShareKeys().toBuilder().clearCommitments())
                            .build());
            Harness h = in.send();
            assertEquals(
                    List.of(dealer),
                    h.rejections.stream().map(Rejection::senderId).toList());
            assertEquals(
                    SecAggAbortReason.MALFORMED_MESSAGE, h.rejections.get(0).reason());
        }

        @Test
        void theCoordinatorRefusesAnotherParticipantsCommitments() throws SecAggViolation {
            Cohort c = cohort(4);
            int sender = c.ids().get(0);
            int owner = c.ids().get(1);
            ShareKeysInHand in = new ShareKeysInHand(c);
            in.replace(
                    sender,
                    in.of(sender).toBuilder()
                            .setShareKeys(in.of(sender).getShareKeys().toBuilder()
                                    .setCommitments(in.of(owner).getShareKeys().getCommitments()))
                            .build());
            Harness h = in.send();
            assertEquals(
                    List.of(sender),
                    h.rejections.stream().map(Rejection::senderId).toList());
            assertEquals(
                    SecAggAbortReason.INVALID_SIGNATURE, h.rejections.get(0).reason());
        }

        @Test
        void aRecipientRefusesAnAlteredCommitment() throws SecAggViolation {
            Cohort c = cohort(5);
            int recipient = c.ids().get(0);
            Harness h = new ShareKeysInHand(c).send();
            RoutedShares.Builder routed = h.pending(recipient).getRoutedShares().toBuilder();
            RoutedCiphertext first = routed.getCiphertexts(0);
            ShareCommitments list = first.getSenderCommitments();
            // The commitment for somebody else: nothing the recipient decrypts is affected, only the signature.
            ShareCommitment entry = list.getCommitments(list.getCommitmentsCount() - 1);
            ShareCommitments altered = list.toBuilder()
                    .setCommitments(
                            list.getCommitmentsCount() - 1,
                            entry.toBuilder().setSelfMaskCommitment(flipped(entry.getSelfMaskCommitment(), 0)))
                    .build();
            routed.setCiphertexts(0, first.toBuilder().setSenderCommitments(altered));
            List<SecAggMessage> replies = h.deliverTo(
                    recipient,
                    h.pending(recipient).toBuilder().setRoutedShares(routed).build());
            assertAborted(c.participant(recipient), replies, SecAggAbortReason.INVALID_SIGNATURE);
        }

        @Test
        void aRecipientRefusesRoutedSharesWithoutCommitments() throws SecAggViolation {
            Cohort c = cohort(6);
            int recipient = c.ids().get(5);
            Harness h = new ShareKeysInHand(c).send();
            RoutedShares.Builder routed = h.pending(recipient).getRoutedShares().toBuilder();
            routed.setCiphertexts(2, routed.getCiphertexts(2).toBuilder().clearSenderCommitments());
            List<SecAggMessage> replies = h.deliverTo(
                    recipient,
                    h.pending(recipient).toBuilder().setRoutedShares(routed).build());
            assertAborted(c.participant(recipient), replies, SecAggAbortReason.MALFORMED_MESSAGE);
        }
    }

    @Nested
    class TheCoordinatorCannotSubstituteCommitments {

        @Test
        void anotherDealersListUnderThisDealersCiphertextIsRefused() throws SecAggViolation {
            Cohort c = cohort(7);
            int recipient = c.ids().get(3);
            Harness h = new ShareKeysInHand(c).send();
            RoutedShares.Builder routed = h.pending(recipient).getRoutedShares().toBuilder();
            RoutedCiphertext a = routed.getCiphertexts(0);
            RoutedCiphertext b = routed.getCiphertexts(1);
            // Dealer b's own valid, signed list, presented as dealer a's.
            routed.setCiphertexts(0, a.toBuilder().setSenderCommitments(b.getSenderCommitments()));
            List<SecAggMessage> replies = h.deliverTo(
                    recipient,
                    h.pending(recipient).toBuilder().setRoutedShares(routed).build());
            assertAborted(c.participant(recipient), replies, SecAggAbortReason.INVALID_SIGNATURE);
        }

        @Test
        void theSameDealersListFromAnotherRoundIsRefused() throws SecAggViolation {
            Cohort round1 = cohort(8);
            Cohort round2 = round1.nextRound(round1.config.roundId() + 1).withRandomInputs();
            int recipient = round1.ids().get(1);
            Harness h1 = new ShareKeysInHand(round1).send();
            Harness h2 = new ShareKeysInHand(round2).send();
            RoutedShares old = h1.pending(recipient).getRoutedShares();
            RoutedShares.Builder routed = h2.pending(recipient).getRoutedShares().toBuilder();
            RoutedCiphertext now = routed.getCiphertexts(0);
            assertEquals(old.getCiphertexts(0).getSenderId(), now.getSenderId());
            // Same dealer, same recipients, signed by the right key: but for round 1's round id and session.
            routed.setCiphertexts(
                    0,
                    now.toBuilder().setSenderCommitments(old.getCiphertexts(0).getSenderCommitments()));
            List<SecAggMessage> replies = h2.deliverTo(
                    recipient,
                    h2.pending(recipient).toBuilder().setRoutedShares(routed).build());
            assertAborted(round2.participant(recipient), replies, SecAggAbortReason.INVALID_SIGNATURE);
        }
    }

    /**
     * Runs to the unmasking stage with one participant missing its masked input (so both kinds of
     * share are revealed). Then {@code liar} reveals one altered share of {@code kind} first, and the
     * others of {@code responders} answer honestly; the rest stay silent until the deadline.
     */
    private static Harness unmaskWithAnAlteredShare(
            Cohort c, int quiet, int liar, List<Integer> responders, boolean selfMask, int shareAt, int byteAt) {
        Harness h = new Harness(c).start();
        h.deliverAll();
        h.deliverAll(Set.of(quiet));
        h.deadline();
        h.deliverAll(Set.of(quiet));
        assertEquals(SecAggStage.UNMASKING, h.coordinator.stage());
        UnmaskingResponse honest = h.deliverTo(liar, h.pending(liar)).get(0).getUnmaskingResponse();
        UnmaskingResponse.Builder r = honest.toBuilder();
        RevealedShare s = selfMask ? r.getSelfMaskShares(shareAt) : r.getMaskKeyShares(shareAt);
        RevealedShare bad =
                s.toBuilder().setShare(flipped(s.getShare(), byteAt)).build();
        if (selfMask) {
            r.setSelfMaskShares(shareAt, bad);
        } else {
            r.setMaskKeyShares(shareAt, bad);
        }
        h.inbox.remove(liar);
        h.toCoordinator(List.of(SecAggMessage.newBuilder()
                .setRoundId(c.config.roundId())
                .setSenderId(liar)
                .setUnmaskingResponse(r)
                .build()));
        for (int id : responders) {
            if (id != liar) {
                h.toCoordinator(h.deliverTo(id, h.pending(id)));
            }
        }
        h.inbox.clear();
        if (!h.coordinator.stage().isTerminal()) {
            h.deadline();
        }
        return h;
    }

    private static void assertLiarRefused(Harness h, int liar) {
        assertEquals(1, h.rejections.size(), () -> "rejections " + h.rejections);
        Rejection r = h.rejections.get(0);
        assertEquals(liar, r.senderId(), "the rejection names the revealer");
        assertEquals(SecAggAbortReason.SHARE_COMMITMENT_MISMATCH, r.reason());
        assertTrue(r.senderRemoved());
    }

    @Nested
    class TheCoordinatorChecksEveryRevealedShare {

        @ParameterizedTest(name = "self-mask share altered: {0}")
        @ValueSource(booleans = {true, false})
        void withExactlyTResponsesTheRoundAbortsRatherThanUseIt(boolean selfMask) {
            Cohort c = cohort(9);
            List<Integer> ids = c.ids();
            int quiet = ids.get(5);
            int liar = ids.get(0);
            Harness h = unmaskWithAnAlteredShare(c, quiet, liar, ids.subList(0, T), selfMask, 0, 5);
            assertLiarRefused(h, liar);
            assertEquals(SecAggStage.ABORTED, h.coordinator.stage());
            assertEquals(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    h.coordinator.abortReason().orElseThrow().getReason());
            assertTrue(h.coordinator.unmaskedSum().isEmpty(), "no sum, wrong or right");
        }

        @ParameterizedTest(name = "self-mask share altered: {0}")
        @ValueSource(booleans = {true, false})
        void withMoreThanTResponsesTheAlteredOneIsDroppedAndTheSumIsExact(boolean selfMask) {
            Cohort c = cohort(10);
            List<Integer> ids = c.ids();
            int quiet = ids.get(5);
            int liar = ids.get(2);
            Harness h = unmaskWithAnAlteredShare(c, quiet, liar, ids.subList(0, T + 1), selfMask, 0, 31);
            assertLiarRefused(h, liar);
            assertEquals(
                    SecAggStage.COMPLETED, h.coordinator.stage(), () -> String.valueOf(h.coordinator.abortReason()));
            TreeSet<Integer> u3 = new TreeSet<>(ids.subList(0, 5));
            assertEquals(u3, h.coordinator.survivors().orElseThrow());
            assertArrayEquals(c.sumOf(u3), h.coordinator.unmaskedSum().orElseThrow());
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 16);
    }

    /**
     * Any altered byte of any revealed share, from any responder, with any number of responses:
     * refused with the revealer named, and the round either completes with the exact sum or aborts.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anAlteredShareNeverYieldsAWrongSum(long seed) {
        System.out.println("ShareIntegrityTest.anAlteredShareNeverYieldsAWrongSum seed " + seed);
        Random r = new Random(seed);
        int n = 4 + r.nextInt(4);
        int t = n / 2 + 1 + r.nextInt(n - n / 2 - 1);
        Cohort c = Cohort.create(seed, 300 + seed, n, t, 1 + r.nextInt(20)).withRandomInputs();
        List<Integer> ids = new ArrayList<>(c.ids());
        Collections.shuffle(ids, r);
        int quiet = ids.get(n - 1);
        List<Integer> inU3 = ids.subList(0, n - 1);
        int responders = t + r.nextInt(n - t); // t .. n-1 of U3 answer
        List<Integer> answering = new ArrayList<>(inU3.subList(0, responders));
        int liar = answering.get(r.nextInt(answering.size()));
        boolean selfMask = r.nextBoolean();
        int shareCount = selfMask ? n - 1 : 1;
        Harness h = unmaskWithAnAlteredShare(c, quiet, liar, answering, selfMask, r.nextInt(shareCount), r.nextInt(32));
        assertLiarRefused(h, liar);
        if (responders - 1 >= t) {
            assertEquals(SecAggStage.COMPLETED, h.coordinator.stage(), "seed " + seed);
            assertArrayEquals(
                    c.sumOf(new TreeSet<>(inU3)), h.coordinator.unmaskedSum().orElseThrow(), "seed " + seed);
        } else {
            assertEquals(SecAggStage.ABORTED, h.coordinator.stage(), "seed " + seed);
            assertTrue(h.coordinator.unmaskedSum().isEmpty(), "seed " + seed);
        }
    }

    private static void assertAborted(SecAggParticipant p, List<SecAggMessage> replies, SecAggAbortReason reason) {
        assertEquals(
                SecAggStage.ABORTED, p.stage(), () -> "participant " + p.id() + " did not abort; replies " + replies);
        assertEquals(reason, p.abortReason().orElseThrow().getReason(), () -> p.abortReason()
                .orElseThrow()
                .getDetail());
        assertEquals(1, replies.size());
        assertEquals(reason, replies.get(0).getAbort().getReason());
    }
}
