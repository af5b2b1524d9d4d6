package org.fedvae.coordinator.conformance;

import java.util.List;
import java.util.TreeSet;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * The checks the kit's fake coordinator (honest, then lying) runs against a participant, one
 * method each. A check passes only on the behaviour PROTOCOL.md requires, observed on the wire.
 */
final class ParticipantChecks {

    /** One named check. */
    interface Check {
        String name();

        CheckResult run() throws Exception;
    }

    private record Named(String name, Body body) implements Check {
        @Override
        public CheckResult run() throws Exception {
            String failure = body.failure(name);
            return failure == null ? CheckResult.pass(name) : CheckResult.fail(name, failure);
        }
    }

    /** Null when the check passed, else why it failed. */
    private interface Body {
        String failure(String name) throws Exception;
    }

    /** A check that reports a measured figure with its outcome. */
    private record Measuring(String name, MeasuringBody body) implements Check {
        @Override
        public CheckResult run() throws Exception {
            return body.result(name);
        }
    }

    private interface MeasuringBody {
        CheckResult result(String name) throws Exception;
    }

    private final ParticipantKit kit;
    private final ParticipantTransportChecks transport;
    private final ParticipantCohortChecks cohort;
    private final ParticipantUnmaskingChecks unmasking;
    private final ParticipantDifferencingChecks differencing;
    private final ParticipantClientDpChecks clientDp;
    private final ParticipantSparseChecks sparse;

    ParticipantChecks(ParticipantKit kit) {
        this.kit = kit;
        this.transport = new ParticipantTransportChecks(kit);
        this.cohort = new ParticipantCohortChecks(kit);
        this.unmasking = new ParticipantUnmaskingChecks(kit);
        this.differencing = new ParticipantDifferencingChecks(kit);
        this.clientDp = new ParticipantClientDpChecks(kit);
        this.sparse = new ParticipantSparseChecks(kit);
    }

    List<Check> all() {
        if (kit.clientDpSite) {
            // A site with a client-level budget declines every round without DP: only these apply.
            return List.of(
                    new Named(ParticipantClientDpChecks.UNMASKED, n -> clientDp.unmasked()),
                    new Named(ParticipantClientDpChecks.ABOVE_THRESHOLD, n -> clientDp.aboveThreshold()),
                    new Named(ParticipantClientDpChecks.DIGEST_MISMATCH, n -> clientDp.digestMismatch()),
                    new Named(ParticipantClientDpChecks.OVER_BUDGET, n -> clientDp.overBudget()));
        }
        // The transport checks come last: each ends the connection. The sparse checks (256 members) come just before.
        return List.of(
                new Named("participant.full-round", n -> fullRound()),
                new Named("participant.replayed-key-list-rejected", n -> replayedKeyList()),
                new Named("participant.invalid-signature-rejected", n -> invalidSignature()),
                new Named("participant.inconsistent-survivor-set-aborted", n -> inconsistentSurvivors()),
                new Named("participant.refuses-to-reveal-both-shares", n -> unmasking.bothShares()),
                new Named("participant.fabricated-member-refused", n -> cohort.fabricatedMember()),
                new Named("participant.old-revocation-list-refused", n -> cohort.oldRevocationList()),
                new Measuring(ParticipantDifferencingChecks.RANDOMNESS, differencing::trainingRandomness),
                new Named(ParticipantDifferencingChecks.REUSED_ROUND_ID, n -> differencing.reusedRoundId(() -> {})),
                new Named(ParticipantClientDpChecks.UNMASKED, n -> clientDp.unmasked()),
                new Named(ParticipantClientDpChecks.ABOVE_THRESHOLD, n -> clientDp.aboveThreshold()),
                new Named(ParticipantClientDpChecks.DIGEST_MISMATCH, n -> clientDp.digestMismatch()),
                new Named(ParticipantSparseChecks.INSECURE_GRAPH, n -> sparse.insecureGraph()),
                new Named(ParticipantSparseChecks.SHARES_TO_NEIGHBOURS, n -> sparse.sharesOnlyToNeighbours()),
                new Named(ParticipantSparseChecks.FORGED_NEIGHBOUR, n -> sparse.forgedNeighbour()),
                new Named("participant.wrong-protocol-version-rejected", n -> transport.wrongVersion()),
                new Named("participant.oversized-frame-rejected", n -> transport.oversizedFrame()));
    }

    /** An honest round completes, the participant's unmasked update is a valid encoding, and nothing per site went in plain. */
    String fullRound() throws Exception {
        KitRound r = kit.round(0, KitRound.Lie.NONE);
        if (r == null) {
            return "the participant did not connect within " + kit.wait.toSeconds() + " s";
        }
        r.start().run(kit.wait);
        r.toParticipant.stream().filter(SecAggMessage::hasKeyList).findFirst().ifPresent(m -> kit.earlierKeyList = m);
        if (r.coordinator.stage() != SecAggStage.COMPLETED) {
            return "the round did not complete: " + why(r);
        }
        if (!r.coordinator.survivors().orElseThrow().contains(r.selfId)) {
            return "the participant's update is not in the aggregate: " + why(r);
        }
        int[] words = r.participantWords();
        long weight = Integer.toUnsignedLong(words[VectorLayout.dimension(words.length) + VectorLayout.WEIGHT]);
        if (weight < 1 || weight > r.config.encoding().maxWeight()) {
            return "its unmasked update carries weight " + weight + ", outside 1.."
                    + r.config.encoding().maxWeight() + ": it did not mask its encoded update as section 6.1 says";
        }
        return r.sentLocalReport
                ? "it sent a LocalReport: per-site numbers go only inside the masked vector (section 7)"
                : null;
    }

    /**
     * A KeyList of an earlier round (naming that round), sent in this round's envelope before the
     * real one, must not be taken for this round's: the machine checks the round id first (6.1).
     */
    String replayedKeyList() throws Exception {
        if (kit.earlierKeyList == null) {
            return "no earlier round reached KeyList, so there is nothing to replay";
        }
        SecAggMessage old = kit.earlierKeyList;
        KitRound r = kit.round(0, new KitRound.Lie() {
            @Override
            public List<SecAggMessage> toParticipant(SecAggMessage m, KitRound round) {
                return m.hasKeyList() ? List.of(old, m) : List.of(m);
            }
        });
        if (r == null) {
            return "the participant did not connect";
        }
        r.start().run(kit.wait);
        Abort a = r.participantAbort();
        if (a != null) {
            return a.getReason() == SecAggAbortReason.WRONG_ROUND
                    ? null
                    : "it aborted with " + a.getReason() + ", not WRONG_ROUND: it did not check the round id first";
        }
        if (r.coordinator.stage() == SecAggStage.COMPLETED
                && r.coordinator.survivors().orElseThrow().contains(r.selfId)) {
            return null; // it ignored the replay and went on with the real KeyList
        }
        return "after the replayed KeyList of round " + old.getRoundId() + " the round did not complete: " + why(r);
    }

    /** A KeyList entry with a broken signature makes the participant abort before sharing anything. */
    String invalidSignature() throws Exception {
        KitRound r = kit.round(0, new KitRound.Lie() {
            @Override
            public List<SecAggMessage> toParticipant(SecAggMessage m, KitRound round) {
                if (!m.hasKeyList()) {
                    return List.of(m);
                }
                KeyList.Builder list = m.getKeyList().toBuilder();
                for (int i = 0; i < list.getEntriesCount(); i++) {
                    AdvertisedKeys e = list.getEntries(i);
                    if (e.getParticipantId() != round.selfId) {
                        byte[] sig = e.getKeys().getSignature().toByteArray();
                        sig[0] ^= 1;
                        list.setEntries(
                                i,
                                e.toBuilder()
                                        .setKeys(e.getKeys().toBuilder()
                                                .setSignature(com.google.protobuf.ByteString.copyFrom(sig))));
                        break;
                    }
                }
                return List.of(m.toBuilder().setKeyList(list).build());
            }
        });
        if (r == null) {
            return "the participant did not connect";
        }
        r.start().run(kit.wait);
        if (r.fromParticipant.stream().anyMatch(SecAggMessage::hasShareKeys)) {
            return "it sent ShareKeys after a KeyList with an invalid signature";
        }
        return expectAbort(r, SecAggAbortReason.INVALID_SIGNATURE);
    }

    /** A survivor set naming a member that never shared keys makes the participant abort unsigned. */
    String inconsistentSurvivors() throws Exception {
        KitRound r = kit.round(1, new KitRound.Lie() {
            @Override
            public List<SecAggMessage> toParticipant(SecAggMessage m, KitRound round) {
                if (!m.hasConsistencyCheckRequest()) {
                    return List.of(m);
                }
                TreeSet<Integer> lied =
                        new TreeSet<>(m.getConsistencyCheckRequest().getSurvivorsList());
                lied.addAll(round.vanishing);
                return List.of(m.toBuilder()
                        .setConsistencyCheckRequest(m.getConsistencyCheckRequest().toBuilder()
                                .clearSurvivors()
                                .addAllSurvivors(lied))
                        .build());
            }
        });
        if (r == null) {
            return "the participant did not connect";
        }
        r.start().run(kit.wait);
        if (r.fromParticipant.stream().anyMatch(SecAggMessage::hasConsistencyCheckSignature)) {
            return "it signed a survivor set that names participant " + r.vanishing + ", who never sent it shares";
        }
        if (r.participantAbort() == null && !r.closed && r.error == null) {
            kit.barrier(r);
        }
        return expectAbort(r, SecAggAbortReason.INCONSISTENT_SETS);
    }

    private static String expectAbort(KitRound r, SecAggAbortReason reason) {
        Abort a = r.participantAbort();
        if (a == null) {
            return "it did not abort (" + reason + " expected): " + why(r);
        }
        return a.getReason() == reason ? null : "it aborted with " + a.getReason() + ", not " + reason;
    }

    /** What the round ended in, for a failure message. */
    static String why(KitRound r) {
        Abort a = r.participantAbort();
        if (a != null) {
            return "the participant aborted: " + a.getReason() + " " + a.getDetail();
        }
        if (r.error != null) {
            return "the participant sent error " + r.error.getCode() + ": " + r.error.getMessage();
        }
        if (r.declined != null) {
            return "the participant declined: " + r.declined;
        }
        if (r.closed) {
            return "the participant closed the connection";
        }
        if (r.timedOut) {
            return "the participant sent nothing for " + "the kit's wait limit";
        }
        return r.coordinator
                .abortReason()
                .map(x -> "the round aborted: " + x.getReason() + " " + x.getDetail())
                .orElse("stage " + r.coordinator.stage());
    }
}
