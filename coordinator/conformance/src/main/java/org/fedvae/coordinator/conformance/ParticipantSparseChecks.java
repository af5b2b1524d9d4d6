package org.fedvae.coordinator.conformance;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.EncryptedShares;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SecAggRoundConfig;
import org.fedvae.protocol.proto.ShareCommitment;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.secagg.graph.GraphRule;

/**
 * The kit's checks of a participant in SecAgg+ rounds (PROTOCOL.md 3.1), with a cohort of 256: the participant must
 * refuse a sparse graph weaker than the parameter rule allows, deal shares to exactly its ring neighbours as the
 * session id places them, and verify its neighbours' advertise signatures before it deals anything.
 */
final class ParticipantSparseChecks {

    static final String INSECURE_GRAPH = "participant.sparse-insecure-graph-refused";
    static final String SHARES_TO_NEIGHBOURS = "participant.sparse-shares-only-to-neighbours";
    static final String FORGED_NEIGHBOUR = "participant.sparse-forged-neighbour-refused";

    private final ParticipantKit kit;
    private final SecureRandom random = new SecureRandom();

    ParticipantSparseChecks(ParticipantKit kit) {
        this.kit = kit;
    }

    /** A weakened graph the participant must refuse, and what is wrong with it. */
    private record Weakened(String what, int degree, int threshold) {}

    /**
     * After an honest sparse round start it advertises keys (so its refusals below are about the graph), then each
     * of three weakened configurations is declined, or aborted {@code INVALID_CONFIG}, without AdvertiseKeys.
     */
    String insecureGraph() throws Exception {
        KitSparseRound control = kit.sparseRound();
        if (control == null) {
            return "the participant did not connect";
        }
        int k = control.config.graphDegree();
        int t = control.config.threshold();
        int n = control.config.cohortSize();
        if (control.start(control.config.toProto()).await(SecAggMessage.BodyCase.ADVERTISE_KEYS, kit.wait) == null) {
            return "it did not take part in an honest sparse round (" + describe(n, k, t) + "), so its refusals "
                    + "would prove nothing: " + notTakingPart(control);
        }
        List<Weakened> weakened = List.of(
                new Weakened("degree " + (k - 2) + ", below the rule's " + k + " for n = " + n, k - 2, t),
                new Weakened("threshold " + (t - 1) + ", below the rule's " + t + " at degree " + k, k, t - 1),
                new Weakened("threshold " + k / 2 + " with 2t <= k + 1", k, k / 2));
        for (Weakened w : weakened) {
            KitSparseRound r = kit.sparseRound();
            if (r == null) {
                return "the participant did not reconnect";
            }
            SecAggRoundConfig lied = r.config.toProto().toBuilder()
                    .setGraphDegree(w.degree())
                    .setThreshold(w.threshold())
                    .build();
            requireRefusedByRule(lied, w);
            if (r.start(lied).await(SecAggMessage.BodyCase.ADVERTISE_KEYS, kit.wait) != null) {
                return "it advertised keys (its masked update would follow) in a sparse round with " + w.what();
            }
            Abort a = r.participantAbort();
            boolean refused = r.declined != null || (a != null && a.getReason() == SecAggAbortReason.INVALID_CONFIG);
            if (!refused) {
                return "it neither declined nor aborted INVALID_CONFIG a sparse round with " + w.what() + ": "
                        + r.why();
            }
        }
        return null;
    }

    /** An honest key list: its ShareKeys has a ciphertext for each ring neighbour and a commitment for each of N[u]. */
    String sharesOnlyToNeighbours() throws Exception {
        KitSparseRound r = kit.sparseRound();
        if (r == null) {
            return "the participant did not connect";
        }
        SecAggMessage keyList = honestKeyList(r);
        if (keyList == null) {
            return "it did not advertise keys in an honest sparse round (" + describe(r) + "): " + notTakingPart(r);
        }
        r.send(keyList);
        SecAggMessage sent = r.await(SecAggMessage.BodyCase.SHARE_KEYS, kit.wait);
        if (sent == null) {
            return "it sent no ShareKeys after an honest key list (" + describe(r) + "): " + r.why();
        }
        KitRing ring = KitRing.of(r.roundId, r.config.graphDegree(), keyList.getKeyList());
        int[] recipients = sent.getShareKeys().getSharesList().stream()
                .mapToInt(EncryptedShares::getRecipientId)
                .sorted()
                .toArray();
        String wrong = difference("ciphertexts", recipients, "neighbours", ring.neighbours(r.selfId));
        if (wrong != null) {
            return wrong;
        }
        int[] committed = sent.getShareKeys().getCommitments().getCommitmentsList().stream()
                .mapToInt(ShareCommitment::getRecipientId)
                .toArray();
        wrong = difference("commitments", committed, "neighbourhood (ascending)", ring.neighbourhood(r.selfId));
        if (wrong != null) {
            return wrong;
        }
        try {
            r.accept(sent);
        } catch (SecAggViolation v) {
            return "the kit's coordinator machine refused its ShareKeys: " + v.reason() + " " + v.detail();
        }
        return null;
    }

    /** The key list carries a bad advertise signature on its farthest ring neighbour: no ShareKeys, INVALID_SIGNATURE. */
    String forgedNeighbour() throws Exception {
        KitSparseRound r = kit.sparseRound();
        if (r == null) {
            return "the participant did not connect";
        }
        SecAggMessage keyList = honestKeyList(r);
        if (keyList == null) {
            return "it did not advertise keys in an honest sparse round (" + describe(r) + "): " + notTakingPart(r);
        }
        KitRing ring = KitRing.of(r.roundId, r.config.graphDegree(), keyList.getKeyList());
        int forged = ring.along(r.selfId, r.config.graphDegree() / 2);
        r.send(keyList.toBuilder()
                .setKeyList(withBadSignature(keyList.getKeyList(), forged))
                .build());
        String what = "a key list with a bad advertise signature on its ring neighbour " + forged;
        if (r.await(SecAggMessage.BodyCase.SHARE_KEYS, kit.wait) != null) {
            return "it sent ShareKeys after " + what;
        }
        Abort a = r.participantAbort();
        if (a == null) {
            return "it did not abort INVALID_SIGNATURE after " + what + ": " + r.why();
        }
        return a.getReason() == SecAggAbortReason.INVALID_SIGNATURE
                ? null
                : "it aborted with " + a.getReason() + ", not INVALID_SIGNATURE, after " + what;
    }

    /** Starts {@code r} honestly and returns the key list the kit's coordinator answers its AdvertiseKeys with. */
    private SecAggMessage honestKeyList(KitSparseRound r) throws Exception {
        SecAggMessage advertised = r.start(r.config.toProto()).await(SecAggMessage.BodyCase.ADVERTISE_KEYS, kit.wait);
        return advertised == null ? null : r.keyList(advertised, random);
    }

    private static KeyList withBadSignature(KeyList honest, int id) {
        KeyList.Builder list = honest.toBuilder();
        for (int i = 0; i < list.getEntriesCount(); i++) {
            AdvertisedKeys e = list.getEntries(i);
            if (e.getParticipantId() == id) {
                byte[] sig = e.getKeys().getSignature().toByteArray();
                sig[0] ^= 1;
                list.setEntries(
                        i, e.toBuilder().setKeys(e.getKeys().toBuilder().setSignature(ByteString.copyFrom(sig))));
                return list.build();
            }
        }
        throw new IllegalStateException("participant " + id + " is not in the key list");
    }

    /** The kit's own lie must be one the default rule refuses, or the check would test nothing. */
    private static void requireRefusedByRule(SecAggRoundConfig lied, Weakened w) {
        try {
            RoundConfig.fromProto(lied, GraphRule.DEFAULT);
        } catch (SecAggViolation expected) {
            return;
        }
        throw new IllegalStateException("the kit's weakened graph (" + w.what() + ") passes the rule itself");
    }

    /** Null if {@code actual} is {@code expected}, else what it adds and misses. */
    private static String difference(String what, int[] actual, String expectedWhat, int[] expected) {
        if (Arrays.equals(actual, expected)) {
            return null;
        }
        TreeSet<Integer> extra = set(actual);
        extra.removeAll(set(expected));
        TreeSet<Integer> missing = set(expected);
        missing.removeAll(set(actual));
        return "its ShareKeys has " + what + " for " + Arrays.toString(actual) + "; its " + expectedWhat
                + " on the ring of the session id: " + Arrays.toString(expected) + " (extra " + extra + ", missing "
                + missing
                + (extra.isEmpty() && missing.isEmpty() ? ", so duplicates or the wrong order" : "") + ")";
    }

    private static TreeSet<Integer> set(int[] ids) {
        return IntStream.of(ids).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    /** Why it stayed out of an honest sparse round; a closed connection is most likely its transport's cohort bound. */
    private static String notTakingPart(KitSparseRound r) {
        return r.closed
                ? r.why() + " (a participant whose largest cohort, n_max, is below 256 refuses this round start's "
                        + "frame: PROTOCOL.md 2.2; ours takes part with join --max-cohort 256)"
                : r.why();
    }

    private static String describe(KitSparseRound r) {
        return describe(r.config.cohortSize(), r.config.graphDegree(), r.config.threshold());
    }

    private static String describe(int n, int k, int t) {
        return "n = " + n + ", k = " + k + ", t = " + t;
    }
}
