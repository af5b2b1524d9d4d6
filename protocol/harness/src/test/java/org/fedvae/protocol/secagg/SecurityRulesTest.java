package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.crypto.X25519KeyPair;
import org.fedvae.protocol.proto.AdvertiseKeys;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.ConsistencyCheckRequest;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.RoutedShares;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SignedSurvivorSet;
import org.fedvae.protocol.proto.UnmaskingRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The security rules of DESIGN.md, one test (or a few) per rule. */
class SecurityRulesTest {

    private static final int N = 6;
    private static final int T = 4;

    private static Cohort cohort(long seed) {
        return Cohort.create(seed, 100 + seed, N, T, 16).withRandomInputs();
    }

    /** The participant aborted with {@code reason}, and its only reply is the matching Abort. */
    private static void assertAborted(SecAggParticipant p, List<SecAggMessage> replies, SecAggAbortReason reason) {
        assertEquals(
                SecAggStage.ABORTED, p.stage(), () -> "participant " + p.id() + " did not abort; replies " + replies);
        assertEquals(reason, p.abortReason().orElseThrow().getReason(), () -> p.abortReason()
                .orElseThrow()
                .getDetail());
        assertEquals(1, replies.size());
        assertTrue(replies.get(0).hasAbort());
        assertEquals(reason, replies.get(0).getAbort().getReason());
    }

    @Nested
    class FreshKeysEveryRound {

        @Test
        void everyRoundAdvertisesNewKeysAndMasksTheSameInputDifferently() {
            Cohort round1 = Cohort.create(11, 1, N, T, 16);
            Cohort round2 = round1.nextRound(2);
            int[] input = new int[round1.config.wordCount()];
            Set<ByteBuffer> seen = new HashSet<>();
            for (Cohort c : List.of(round1, round2)) {
                c.withoutInputs();
                c.participants.values().forEach(p -> p.submitEncodedInput(input));
                Harness h = new Harness(c).start();
                for (SecAggMessage m : h.upstream) {
                    AdvertiseKeys k = m.getAdvertiseKeys();
                    // c_pk and s_pk of every participant of both rounds: all distinct.
                    assertTrue(seen.add(k.getCPk().asReadOnlyByteBuffer()), "a c_pk was reused");
                    assertTrue(seen.add(k.getSPk().asReadOnlyByteBuffer()), "an s_pk was reused");
                }
            }
            assertEquals(4 * N, seen.size());
        }

        @Test
        void theSameInputMasksToDifferentVectorsInTwoRounds() {
            Cohort round1 = Cohort.create(12, 1, N, T, 16);
            Cohort round2 = round1.nextRound(2);
            int[] input = new int[round1.config.wordCount()];
            List<ByteString> masked = new ArrayList<>();
            for (Cohort c : List.of(round1, round2)) {
                c.withoutInputs();
                c.participants.values().forEach(p -> p.submitEncodedInput(input));
                Harness h = new Harness(c).runUntilCoordinatorIn(SecAggStage.CONSISTENCY_CHECK);
                int first = c.ids().get(0);
                masked.add(h.upstream.stream()
                        .filter(m -> m.hasMaskedInput() && m.getSenderId() == first)
                        .findFirst()
                        .orElseThrow()
                        .getMaskedInput()
                        .getWordsLe());
            }
            assertNotEquals(masked.get(0), masked.get(1));
        }

        @Test
        void aParticipantObjectRunsOneRoundOnly() {
            Cohort c = cohort(13);
            SecAggParticipant p = c.participant(c.ids().get(0));
            p.start();
            assertThrows(IllegalStateException.class, p::start);
        }
    }

    @Nested
    class SessionId {

        @Test
        void sessionIdChangesWithTheRoundIdAndWithEverySinglePublicKey() throws SecAggViolation {
            Harness h = new Harness(cohort(21)).runUntilCoordinatorIn(SecAggStage.SHARE_KEYS);
            KeyList list = h.pending(h.cohort.ids().get(0)).getKeyList();
            List<PeerKeys> peers = new ArrayList<>();
            for (AdvertisedKeys e : list.getEntriesList()) {
                peers.add(PeerKeys.of(e.getParticipantId(), e.getKeys()));
            }
            Set<ByteBuffer> ids = new HashSet<>();
            long round = h.cohort.config.roundId();
            ids.add(ByteBuffer.wrap(KeyRing.of(peers).sessionId(round)));
            ids.add(ByteBuffer.wrap(KeyRing.of(peers).sessionId(round + 1)));
            for (int i = 0; i < peers.size(); i++) {
                for (int which = 0; which < 2; which++) {
                    List<PeerKeys> changed = new ArrayList<>(peers);
                    PeerKeys p = peers.get(i);
                    byte[] c = p.cPk().clone();
                    byte[] s = p.sPk().clone();
                    (which == 0 ? c : s)[7] ^= 1;
                    changed.set(i, new PeerKeys(p.id(), c, s, p.signature()));
                    ids.add(ByteBuffer.wrap(KeyRing.of(changed).sessionId(round)));
                }
            }
            List<PeerKeys> fewer = new ArrayList<>(peers.subList(1, peers.size()));
            ids.add(ByteBuffer.wrap(KeyRing.of(fewer).sessionId(round)));
            assertEquals(2 + 2 * peers.size() + 1, ids.size(), "some change left the session id as it was");
        }

        @Test
        void sharesEncryptedForOneRecipientDoNotOpenForAnother() {
            // The AAD binds sender, recipient and session: the coordinator cannot re-route a ciphertext.
            Harness h = new Harness(cohort(22)).runUntilCoordinatorIn(SecAggStage.MASKED_INPUT);
            List<Integer> ids = h.cohort.ids();
            int a = ids.get(0);
            int b = ids.get(1);
            RoutedShares forA = h.pending(a).getRoutedShares();
            RoutedShares forB = h.pending(b).getRoutedShares();
            int sender = ids.get(2);
            ByteString meantForB = forB.getCiphertextsList().stream()
                    .filter(c -> c.getSenderId() == sender)
                    .findFirst()
                    .orElseThrow()
                    .getCiphertext();
            RoutedShares.Builder swapped = forA.toBuilder();
            for (int i = 0; i < swapped.getCiphertextsCount(); i++) {
                if (swapped.getCiphertexts(i).getSenderId() == sender) {
                    swapped.setCiphertexts(
                            i, swapped.getCiphertexts(i).toBuilder().setCiphertext(meantForB));
                }
            }
            List<SecAggMessage> replies = h.deliverTo(
                    a, h.pending(a).toBuilder().setRoutedShares(swapped).build());
            assertAborted(h.cohort.participant(a), replies, SecAggAbortReason.DECRYPTION_FAILED);
        }
    }

    @Nested
    class SignaturesAreVerified {

        @Test
        void coordinatorRejectsAdvertiseKeysWithAForgedSignatureAndCarriesOnWithoutTheSender() {
            Cohort c = cohort(31);
            Harness h = new Harness(c);
            int forger = c.ids().get(2);
            SecAggMessage genuine = c.participant(forger).start().get(0);
            Ed25519KeyPair attacker = Ed25519KeyPair.generate(Cohort.seeded(99));
            X25519KeyPair evil = X25519KeyPair.generate(Cohort.seeded(98));
            AdvertiseKeys keys = genuine.getAdvertiseKeys().toBuilder()
                    .setSPk(ByteString.copyFrom(evil.publicKey()))
                    .setSignature(ByteString.copyFrom(Ed25519.sign(
                            attacker.privateKey(),
                            SignedPayloads.advertise(
                                    c.config,
                                    forger,
                                    genuine.getAdvertiseKeys().getCPk().toByteArray(),
                                    evil.publicKey()))))
                    .build();
            CoordinatorStep step = h.coordinator.handle(
                    genuine.toBuilder().setAdvertiseKeys(keys).build());
            Rejection r = step.rejection().orElseThrow();
            assertEquals(SecAggAbortReason.INVALID_SIGNATURE, r.reason());
            assertEquals(forger, r.senderId());
            List<Integer> others = new ArrayList<>(c.ids());
            others.remove((Integer) forger);
            h.start(others);
            while (!h.coordinator.stage().isTerminal()) {
                h.deliverAll(Set.of(forger));
            }
            assertEquals(SecAggStage.COMPLETED, h.coordinator.stage());
            assertArrayEquals(c.sumOf(others), h.coordinator.unmaskedSum().orElseThrow());
        }

        @Test
        void advertiseKeysSignedForAnotherRoundAreRejected() {
            Cohort round1 = cohort(32);
            Cohort round2 = round1.nextRound(round1.config.roundId() + 1).withoutInputs();
            int id = round1.ids().get(0);
            SecAggMessage old = round1.participant(id).start().get(0);
            SecAggCoordinator coordinator = new SecAggCoordinator(round2.config);
            Rejection r = coordinator
                    .handle(old.toBuilder().setRoundId(round2.config.roundId()).build())
                    .rejection()
                    .orElseThrow();
            assertEquals(SecAggAbortReason.INVALID_SIGNATURE, r.reason());
        }

        @Test
        void keysAdvertisedUnderAnotherConfigurationAreRefusedByCoordinatorAndPeers() throws SecAggViolation {
            Cohort c = cohort(38);
            int odd = c.ids().get(2);
            // Same round, same cohort, but this participant was told t = N.
            RoundConfig other =
                    RoundConfig.of(c.config.roundId(), N, c.config.vectorLength(), c.config.encoding(), enrolled(c));
            SecAggMessage advertised = new SecAggParticipant(
                            other, odd, c.identities.get(odd).privateKey(), Cohort.seeded(5))
                    .start()
                    .get(0);
            assertEquals(
                    SecAggAbortReason.INVALID_SIGNATURE,
                    new SecAggCoordinator(c.config)
                            .handle(advertised)
                            .rejection()
                            .orElseThrow()
                            .reason());

            Harness h = new Harness(c).runUntilCoordinatorIn(SecAggStage.SHARE_KEYS);
            int victim = c.ids().get(0);
            SecAggMessage m = h.pending(victim);
            KeyList.Builder list = m.getKeyList().toBuilder();
            for (int i = 0; i < list.getEntriesCount(); i++) {
                if (list.getEntries(i).getParticipantId() == odd) {
                    list.setEntries(i, list.getEntries(i).toBuilder().setKeys(advertised.getAdvertiseKeys()));
                }
            }
            assertAborted(
                    c.participant(victim),
                    h.deliverTo(victim, m.toBuilder().setKeyList(list).build()),
                    SecAggAbortReason.INVALID_SIGNATURE);
        }

        private static java.util.Map<Integer, byte[]> enrolled(Cohort c) {
            java.util.Map<Integer, byte[]> keys = new java.util.TreeMap<>();
            c.identities.forEach((id, kp) -> keys.put(id, kp.publicKey()));
            return keys;
        }

        @Test
        void participantAbortsOnAKeyListEntryWhoseKeyWasSwapped() {
            Harness h = new Harness(cohort(33)).runUntilCoordinatorIn(SecAggStage.SHARE_KEYS);
            int victim = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(victim);
            KeyList.Builder list = m.getKeyList().toBuilder();
            X25519KeyPair evil = X25519KeyPair.generate(Cohort.seeded(97));
            AdvertisedKeys.Builder entry = list.getEntries(3).toBuilder();
            entry.setKeys(entry.getKeys().toBuilder().setSPk(ByteString.copyFrom(evil.publicKey())));
            list.setEntries(3, entry);
            List<SecAggMessage> replies =
                    h.deliverTo(victim, m.toBuilder().setKeyList(list).build());
            assertAborted(h.cohort.participant(victim), replies, SecAggAbortReason.INVALID_SIGNATURE);
        }

        @Test
        void coordinatorRejectsAConsistencySignatureOverAnotherSet() {
            Harness h = new Harness(cohort(34)).runUntilCoordinatorIn(SecAggStage.CONSISTENCY_CHECK);
            int id = h.cohort.ids().get(1);
            SecAggMessage request = h.pending(id);
            List<Integer> smaller =
                    new ArrayList<>(request.getConsistencyCheckRequest().getSurvivorsList());
            smaller.remove(smaller.size() - 1);
            // The participant signs what it is shown; the coordinator expects a signature over U3.
            Cohort other = h.cohort;
            SecAggParticipant fresh = other.participant(id);
            List<SecAggMessage> replies = fresh.handle(request.toBuilder()
                    .setConsistencyCheckRequest(
                            ConsistencyCheckRequest.newBuilder().addAllSurvivors(smaller))
                    .build());
            assertEquals(1, replies.size());
            assertTrue(replies.get(0).hasConsistencyCheckSignature());
            Rejection r = h.coordinator.handle(replies.get(0)).rejection().orElseThrow();
            assertEquals(SecAggAbortReason.INVALID_SIGNATURE, r.reason());
        }

        @Test
        void participantAbortsWhenAConsistencySignatureInTheUnmaskingRequestIsForged() {
            Harness h = new Harness(cohort(35)).runUntilCoordinatorIn(SecAggStage.UNMASKING);
            int id = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(id);
            UnmaskingRequest.Builder req = m.getUnmaskingRequest().toBuilder();
            SignedSurvivorSet s = req.getSignatures(1);
            byte[] sig = s.getSignature().toByteArray();
            sig[5] ^= 0x40;
            req.setSignatures(1, s.toBuilder().setSignature(ByteString.copyFrom(sig)));
            List<SecAggMessage> replies =
                    h.deliverTo(id, m.toBuilder().setUnmaskingRequest(req).build());
            assertAborted(h.cohort.participant(id), replies, SecAggAbortReason.INVALID_SIGNATURE);
        }

        @Test
        void participantAbortsWhenFewerThanTParticipantsSignedTheSurvivorSet() {
            Harness h = new Harness(cohort(36)).runUntilCoordinatorIn(SecAggStage.UNMASKING);
            int id = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(id);
            UnmaskingRequest.Builder req = m.getUnmaskingRequest().toBuilder();
            assertEquals(T, req.getSignaturesCount());
            req.removeSignatures(0);
            List<SecAggMessage> replies =
                    h.deliverTo(id, m.toBuilder().setUnmaskingRequest(req).build());
            assertAborted(h.cohort.participant(id), replies, SecAggAbortReason.BELOW_THRESHOLD);
        }

        @Test
        void participantAbortsWhenOneSignerAppearsTwice() {
            Harness h = new Harness(cohort(37)).runUntilCoordinatorIn(SecAggStage.UNMASKING);
            int id = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(id);
            UnmaskingRequest.Builder req = m.getUnmaskingRequest().toBuilder();
            req.setSignatures(1, req.getSignatures(0));
            List<SecAggMessage> replies =
                    h.deliverTo(id, m.toBuilder().setUnmaskingRequest(req).build());
            assertAborted(h.cohort.participant(id), replies, SecAggAbortReason.DUPLICATE_SENDER);
        }
    }

    @Nested
    class NeverBothSharesOfOnePeer {

        @Test
        void askingForTheMaskKeyOfASurvivorAfterItsSelfMaskAborts() {
            Harness h = new Harness(cohort(41)).runUntilCoordinatorIn(SecAggStage.UNMASKING);
            int id = h.cohort.ids().get(0);
            int victim = h.cohort.ids().get(3);
            SecAggMessage honest = h.pending(id);
            List<SecAggMessage> first = h.deliverTo(id, honest);
            assertEquals(1, first.size());
            assertTrue(first.get(0).getUnmaskingResponse().getSelfMaskSharesList().stream()
                    .anyMatch(s -> s.getOwnerId() == victim));

            // The lie: victim "dropped", give me its s_sk share.
            UnmaskingRequest.Builder lie =
                    honest.getUnmaskingRequest().toBuilder().clearSurvivors().clearDropped();
            honest.getUnmaskingRequest().getSurvivorsList().stream()
                    .filter(v -> v != victim)
                    .forEach(lie::addSurvivors);
            lie.addDropped(victim);
            List<SecAggMessage> second =
                    h.deliverTo(id, honest.toBuilder().setUnmaskingRequest(lie).build());
            assertAborted(h.cohort.participant(id), second, SecAggAbortReason.REVEAL_CONFLICT);
        }

        @Test
        void askingForTheSelfMaskOfADroppedPeerAfterItsMaskKeyAborts() {
            Cohort c = cohort(42);
            Harness h = new Harness(c).start();
            int gone = c.ids().get(2);
            h.deliverAll(); // key lists: everybody sends shares, so all are in U2
            h.deliverAll(Set.of(gone)); // routed shares: gone never sends its masked input
            h.deadline();
            h.deliverAll(Set.of(gone)); // consistency check
            assertEquals(SecAggStage.UNMASKING, h.coordinator.stage());
            int id = c.ids().get(0);
            SecAggMessage honest = h.pending(id);
            assertEquals(List.of(gone), honest.getUnmaskingRequest().getDroppedList());
            List<SecAggMessage> first = h.deliverTo(id, honest);
            assertEquals(1, first.get(0).getUnmaskingResponse().getMaskKeySharesCount());

            UnmaskingRequest lie = honest.getUnmaskingRequest().toBuilder()
                    .clearDropped()
                    .addSurvivors(gone)
                    .build();
            List<SecAggMessage> second =
                    h.deliverTo(id, honest.toBuilder().setUnmaskingRequest(lie).build());
            assertAborted(c.participant(id), second, SecAggAbortReason.REVEAL_CONFLICT);
        }

        @Test
        void anIdenticalRepeatedRequestGetsTheSameAnswer() {
            Harness h = new Harness(cohort(43)).runUntilCoordinatorIn(SecAggStage.UNMASKING);
            int id = h.cohort.ids().get(0);
            SecAggMessage request = h.pending(id);
            List<SecAggMessage> first = h.deliverTo(id, request);
            List<SecAggMessage> again = h.deliverTo(id, request);
            assertEquals(first, again);
            assertEquals(SecAggStage.COMPLETED, h.cohort.participant(id).stage());
        }

        @Test
        void theLedgerRefusesTheOtherKindForGood() throws SecAggViolation {
            RevealLedger ledger = new RevealLedger();
            ledger.record(5, RevealLedger.Kind.SELF_MASK);
            ledger.record(5, RevealLedger.Kind.SELF_MASK);
            ledger.record(6, RevealLedger.Kind.MASK_KEY);
            SecAggViolation v = assertThrows(SecAggViolation.class, () -> ledger.record(5, RevealLedger.Kind.MASK_KEY));
            assertEquals(SecAggAbortReason.REVEAL_CONFLICT, v.reason());
            assertThrows(SecAggViolation.class, () -> ledger.check(6, RevealLedger.Kind.SELF_MASK));
            assertEquals(RevealLedger.Kind.SELF_MASK, ledger.revealedFor(5));
            assertEquals(RevealLedger.Kind.MASK_KEY, ledger.revealedFor(6));
        }
    }

    @Nested
    class InconsistentSetsAbort {

        /** Runs with one participant dropping before ShareKeys, so U2 is smaller than U1. */
        private Harness withOneMissingFromU2(Cohort c, int missing) {
            Harness h = new Harness(c).start();
            h.deliverAll(Set.of(missing)); // key lists; missing sends no ShareKeys
            h.deadline();
            return h;
        }

        @Test
        void survivorSetNotInsideU2() {
            Cohort c = cohort(51);
            int missing = c.ids().get(5);
            Harness h = withOneMissingFromU2(c, missing);
            h.deliverAll(Set.of(missing)); // routed shares -> masked inputs
            assertEquals(SecAggStage.CONSISTENCY_CHECK, h.coordinator.stage());
            int id = c.ids().get(0);
            SecAggMessage m = h.pending(id);
            SecAggMessage lie = m.toBuilder()
                    .setConsistencyCheckRequest(
                            m.getConsistencyCheckRequest().toBuilder().addSurvivors(missing))
                    .build();
            assertAborted(c.participant(id), h.deliverTo(id, lie), SecAggAbortReason.INCONSISTENT_SETS);
        }

        @Test
        void survivorSetBelowThreshold() {
            Harness h = new Harness(cohort(52)).runUntilCoordinatorIn(SecAggStage.CONSISTENCY_CHECK);
            int id = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(id);
            SecAggMessage lie = m.toBuilder()
                    .setConsistencyCheckRequest(ConsistencyCheckRequest.newBuilder()
                            .addAllSurvivors(m.getConsistencyCheckRequest()
                                    .getSurvivorsList()
                                    .subList(0, T - 1)))
                    .build();
            assertAborted(h.cohort.participant(id), h.deliverTo(id, lie), SecAggAbortReason.BELOW_THRESHOLD);
        }

        @Test
        void survivorSetWithoutTheParticipantItself() {
            Harness h = new Harness(cohort(53)).runUntilCoordinatorIn(SecAggStage.CONSISTENCY_CHECK);
            int id = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(id);
            SecAggMessage lie = m.toBuilder()
                    .setConsistencyCheckRequest(ConsistencyCheckRequest.newBuilder()
                            .addAllSurvivors(m.getConsistencyCheckRequest()
                                    .getSurvivorsList()
                                    .subList(1, N)))
                    .build();
            assertAborted(h.cohort.participant(id), h.deliverTo(id, lie), SecAggAbortReason.INCONSISTENT_SETS);
        }

        @Test
        void survivorsAndDroppedOverlap() {
            Harness h = new Harness(cohort(54)).runUntilCoordinatorIn(SecAggStage.UNMASKING);
            int id = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(id);
            SecAggMessage lie = m.toBuilder()
                    .setUnmaskingRequest(m.getUnmaskingRequest().toBuilder()
                            .addDropped(h.cohort.ids().get(4)))
                    .build();
            assertAborted(h.cohort.participant(id), h.deliverTo(id, lie), SecAggAbortReason.INCONSISTENT_SETS);
        }

        @Test
        void unmaskingSurvivorsDifferFromTheSignedSet() {
            Harness h = new Harness(cohort(55)).runUntilCoordinatorIn(SecAggStage.UNMASKING);
            int id = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(id);
            List<Integer> fewer = new ArrayList<>(m.getUnmaskingRequest().getSurvivorsList());
            fewer.remove(fewer.size() - 1);
            SecAggMessage lie = m.toBuilder()
                    .setUnmaskingRequest(
                            m.getUnmaskingRequest().toBuilder().clearSurvivors().addAllSurvivors(fewer))
                    .build();
            assertAborted(h.cohort.participant(id), h.deliverTo(id, lie), SecAggAbortReason.INCONSISTENT_SETS);
        }

        @Test
        void droppedSetNamesSomeoneWhoNeverSentShares() {
            Cohort c = cohort(56);
            int missing = c.ids().get(5);
            Harness h = withOneMissingFromU2(c, missing);
            h.deliverAll(Set.of(missing));
            h.deliverAll(Set.of(missing));
            assertEquals(SecAggStage.UNMASKING, h.coordinator.stage());
            int id = c.ids().get(0);
            SecAggMessage m = h.pending(id);
            assertTrue(m.getUnmaskingRequest().getDroppedList().isEmpty());
            SecAggMessage lie = m.toBuilder()
                    .setUnmaskingRequest(m.getUnmaskingRequest().toBuilder().addDropped(missing))
                    .build();
            assertAborted(c.participant(id), h.deliverTo(id, lie), SecAggAbortReason.INCONSISTENT_SETS);
        }

        @Test
        void droppedSetLeavesOutAPeerThatSentSharesButNoInput() {
            Cohort c = cohort(57);
            int quiet = c.ids().get(3);
            Harness h = new Harness(c).start();
            h.deliverAll();
            h.deliverAll(Set.of(quiet));
            h.deadline();
            h.deliverAll(Set.of(quiet));
            int id = c.ids().get(0);
            SecAggMessage m = h.pending(id);
            assertEquals(List.of(quiet), m.getUnmaskingRequest().getDroppedList());
            SecAggMessage lie = m.toBuilder()
                    .setUnmaskingRequest(m.getUnmaskingRequest().toBuilder().clearDropped())
                    .build();
            assertAborted(c.participant(id), h.deliverTo(id, lie), SecAggAbortReason.INCONSISTENT_SETS);
        }

        @Test
        void keyListWithoutTheParticipantsOwnKeys() {
            Harness h = new Harness(cohort(58)).runUntilCoordinatorIn(SecAggStage.SHARE_KEYS);
            int id = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(id);
            SecAggMessage lie = m.toBuilder()
                    .setKeyList(m.getKeyList().toBuilder().removeEntries(0))
                    .build();
            assertAborted(h.cohort.participant(id), h.deliverTo(id, lie), SecAggAbortReason.INCONSISTENT_SETS);
        }

        @Test
        void keyListBelowThreshold() {
            Harness h = new Harness(cohort(59)).runUntilCoordinatorIn(SecAggStage.SHARE_KEYS);
            int id = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(id);
            KeyList.Builder list = m.getKeyList().toBuilder();
            while (list.getEntriesCount() >= T) {
                list.removeEntries(list.getEntriesCount() - 1);
            }
            assertAborted(
                    h.cohort.participant(id),
                    h.deliverTo(id, m.toBuilder().setKeyList(list).build()),
                    SecAggAbortReason.BELOW_THRESHOLD);
        }

        @Test
        void routedSharesFromTooFewPeers() {
            Harness h = new Harness(cohort(60)).runUntilCoordinatorIn(SecAggStage.MASKED_INPUT);
            int id = h.cohort.ids().get(0);
            SecAggMessage m = h.pending(id);
            RoutedShares.Builder routed = m.getRoutedShares().toBuilder();
            while (routed.getCiphertextsCount() >= T - 1) {
                routed.removeCiphertexts(0);
            }
            assertAborted(
                    h.cohort.participant(id),
                    h.deliverTo(id, m.toBuilder().setRoutedShares(routed).build()),
                    SecAggAbortReason.BELOW_THRESHOLD);
        }
    }

    @Nested
    class BelowThresholdNothingIsUnmasked {

        @ParameterizedTest
        @EnumSource(
                value = SecAggStage.class,
                names = {"ADVERTISE_KEYS", "SHARE_KEYS", "MASKED_INPUT", "CONSISTENCY_CHECK", "UNMASKING"})
        void tooManyDropoutsAtAStageAbortTheRound(SecAggStage stage) {
            Cohort c = cohort(70 + stage.ordinal());
            List<Integer> ids = c.ids();
            SecAggCoordinator coordinator = new SecAggCoordinator(c.config);
            // N - T + 1 = 3 dropouts leave T - 1.
            Map<Integer, SecAggStage> dropAt = Map.of(ids.get(0), stage, ids.get(2), stage, ids.get(5), stage);
            InMemoryRound.Result r = c.run(coordinator, dropAt, stage.ordinal() % 2 == 0);
            assertEquals(SecAggStage.ABORTED, r.coordinatorStage());
            assertEquals(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    coordinator.abortReason().orElseThrow().getReason());
            assertEquals(stage, coordinator.abortedIn().orElseThrow());
            assertTrue(coordinator.unmaskedSum().isEmpty());
            assertTrue(coordinator.averageUpdate().isEmpty());
            // Every participant still in the round heard of the abort.
            for (int id : ids) {
                SecAggStage s = r.participantStages().get(id);
                if (!dropAt.containsKey(id)) {
                    assertEquals(SecAggStage.ABORTED, s, "participant " + id);
                }
            }
        }

        @Test
        void beforeUnmaskingNoShareIsEverRevealed() {
            Cohort c = cohort(80);
            List<Integer> ids = c.ids();
            Harness h = new Harness(c).start();
            h.deliverAll(); // key lists
            Set<Integer> silent = new TreeSet<>(ids.subList(0, N - T + 1));
            h.deliverAll(silent); // routed shares: masked inputs from T - 1 only
            h.deadline();
            assertEquals(SecAggStage.ABORTED, h.coordinator.stage());
            assertEquals(SecAggStage.MASKED_INPUT, h.coordinator.abortedIn().orElseThrow());
            h.deliverAll();
            assertFalse(h.upstream.stream().anyMatch(SecAggMessage::hasUnmaskingResponse));
            assertTrue(h.coordinator.unmaskedSum().isEmpty());
        }
    }
}
