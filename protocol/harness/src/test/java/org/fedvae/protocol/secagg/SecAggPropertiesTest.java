package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.fedvae.protocol.proto.ConsistencyCheckRequest;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.RoutedShares;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SignedSurvivorSet;
import org.fedvae.protocol.proto.UnmaskingRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties over random cohorts (3..50), thresholds, vector lengths and dropout schedules. */
class SecAggPropertiesTest {

    /** A round to run: cohort size, threshold, parameters, and the seed behind ids, keys, inputs and dropouts. */
    record Case(int n, int t, int params, long seed, double dropRate, boolean announce) {}

    private static final SecAggStage[] STAGES = {
        SecAggStage.ADVERTISE_KEYS,
        SecAggStage.SHARE_KEYS,
        SecAggStage.MASKED_INPUT,
        SecAggStage.CONSISTENCY_CHECK,
        SecAggStage.UNMASKING
    };

    /** The round of a property case: n in 3..50, t in n/2+1..n, 1..24 parameters, a drop rate, announced or not. */
    private static Case round(PropertyCase k) {
        Draw d = k.draw();
        int n = d.between(3, 50);
        return new Case(
                n,
                d.between(n / 2 + 1, n),
                d.between(1, 24),
                d.anyLong(),
                d.oneOf(0.0, 0.05, 0.15, 0.3, 0.5),
                d.bool());
    }

    /** Each participant drops with probability {@code rate}, at a uniformly chosen stage. */
    private static Map<Integer, SecAggStage> schedule(List<Integer> ids, double rate, Random r) {
        Map<Integer, SecAggStage> dropAt = new HashMap<>();
        for (int id : ids) {
            if (r.nextDouble() < rate) {
                dropAt.put(id, STAGES[r.nextInt(STAGES.length)]);
            }
        }
        return dropAt;
    }

    /** Participants that send the message of {@code stage}: those not dropping at it or before. */
    private static Set<Integer> sendersAt(List<Integer> ids, Map<Integer, SecAggStage> dropAt, SecAggStage stage) {
        Set<Integer> s = new TreeSet<>();
        for (int id : ids) {
            SecAggStage d = dropAt.get(id);
            if (d == null || d.ordinal() > stage.ordinal()) {
                s.add(id);
            }
        }
        return s;
    }

    static Stream<PropertyCase> unmaskedSumIsTheSumOfTheSurvivorsInputsBitForBit() {
        return PropertyCase.cases("secagg-unmasked-sum-bit-for-bit", 40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void unmaskedSumIsTheSumOfTheSurvivorsInputsBitForBit(PropertyCase k) {
        Case round = round(k);
        k.check(() -> assertSumOfSurvivors(round));
    }

    private static void assertSumOfSurvivors(Case k) {
        Cohort c =
                Cohort.create(k.seed(), 1000 + k.n(), k.n(), k.t(), k.params()).withRandomInputs();
        List<Integer> ids = c.ids();
        Map<Integer, SecAggStage> dropAt = schedule(ids, k.dropRate(), new Random(k.seed()));
        SecAggCoordinator coordinator = new SecAggCoordinator(c.config);
        InMemoryRound.Result r = c.run(coordinator, dropAt, k.announce());

        SecAggStage firstBelow = null;
        for (SecAggStage s : STAGES) {
            if (sendersAt(ids, dropAt, s).size() < k.t()) {
                firstBelow = s;
                break;
            }
        }
        assertTrue(r.rejections().isEmpty(), r.rejections()::toString);
        Set<Integer> steady = sendersAt(ids, dropAt, SecAggStage.UNMASKING);
        if (firstBelow == null) {
            assertEquals(SecAggStage.COMPLETED, r.coordinatorStage(), () -> coordinator
                    .abortReason()
                    .toString());
            Set<Integer> survivors = sendersAt(ids, dropAt, SecAggStage.MASKED_INPUT);
            assertEquals(survivors, coordinator.survivors().orElseThrow());
            assertArrayEquals(c.sumOf(survivors), coordinator.unmaskedSum().orElseThrow());
            steady.forEach(id ->
                    assertEquals(SecAggStage.COMPLETED, r.participantStages().get(id)));
        } else {
            assertEquals(SecAggStage.ABORTED, r.coordinatorStage());
            assertEquals(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    coordinator.abortReason().orElseThrow().getReason());
            assertEquals(firstBelow, coordinator.abortedIn().orElseThrow());
            assertTrue(coordinator.unmaskedSum().isEmpty());
            steady.forEach(id ->
                    assertEquals(SecAggStage.ABORTED, r.participantStages().get(id)));
        }
    }

    static Stream<PropertyCase> decodedSumIsTheWeightedAverageWithinTheQuantizationBound() {
        return PropertyCase.cases("secagg-decoded-sum-within-bound", 15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void decodedSumIsTheWeightedAverageWithinTheQuantizationBound(PropertyCase k) {
        Case round = round(k);
        k.check(() -> assertAverageWithinBound(round));
    }

    private static void assertAverageWithinBound(Case k) {
        Cohort c =
                Cohort.create(k.seed(), 2000 + k.n(), k.n(), k.t(), k.params()).withoutInputs();
        EncodingConfig enc = c.config.encoding();
        Random r = new Random(k.seed());
        List<Integer> ids = c.ids();
        // Up to n - t dropouts before the masked input: the round completes without their updates.
        Map<Integer, SecAggStage> dropAt = new HashMap<>();
        for (int id : ids) {
            if (dropAt.size() < k.n() - k.t() && r.nextDouble() < k.dropRate()) {
                dropAt.put(id, SecAggStage.MASKED_INPUT);
            }
        }
        double[] weighted = new double[k.params()];
        long totalWeight = 0;
        for (int id : ids) {
            float[] delta = new float[k.params()];
            for (int i = 0; i < delta.length; i++) {
                delta[i] = (float) (1.5 * enc.clipRange() * (2 * r.nextDouble() - 1));
            }
            int weight = 1 + r.nextInt(150);
            c.participant(id)
                    .submitEncodedInput(
                            UpdateEncoder.encode(delta, weight, enc, RoundingSource.splitMix64(r.nextLong()))
                                    .words());
            if (!dropAt.containsKey(id)) {
                int w = Math.min(weight, enc.maxWeight());
                totalWeight += w;
                for (int i = 0; i < delta.length; i++) {
                    weighted[i] += (double) w * Math.max(-enc.clipRange(), Math.min(enc.clipRange(), delta[i]));
                }
            }
        }
        SecAggCoordinator coordinator = new SecAggCoordinator(c.config);
        c.run(coordinator, dropAt, k.announce());
        assertEquals(SecAggStage.COMPLETED, coordinator.stage(), () -> coordinator
                .abortReason()
                .toString());
        float[] average = coordinator.averageUpdate().orElseThrow();
        int survivors = k.n() - dropAt.size();
        double bound = enc.quantizationBound(survivors, totalWeight);
        for (int i = 0; i < average.length; i++) {
            double expected = weighted[i] / totalWeight;
            double err = Math.abs(average[i] - expected);
            int at = i;
            assertTrue(
                    err <= bound, () -> "coordinate " + at + ": |" + average[at] + " - " + expected + "| > " + bound);
        }
        assertEquals(Integer.toUnsignedLong(coordinator.unmaskedSum().orElseThrow()[k.params()]), totalWeight);
    }

    static Stream<PropertyCase> aLyingCoordinatorNeverObtainsBothKindsOfShareOfAnyone() {
        return PropertyCase.cases("secagg-lying-coordinator", 30);
    }

    /**
     * A malicious coordinator routes honestly-encrypted shares selectively, shows each participant
     * a survivor set of its choosing, then sends several unmasking requests per participant, each
     * with survivors, dropped and signatures of its choosing (it can only reuse real signatures).
     * Across everything every participant reveals, no participant's b and s_sk shares both leak.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void aLyingCoordinatorNeverObtainsBothKindsOfShareOfAnyone(PropertyCase k) {
        Case round = round(k);
        k.check(() -> assertNoDoubleLeak(round));
    }

    private static void assertNoDoubleLeak(Case k) {
        Cohort c = Cohort.create(k.seed(), 3000 + k.n(), k.n(), k.t(), 4).withRandomInputs();
        Random r = new Random(k.seed());
        List<Integer> ids = c.ids();
        Harness h = new Harness(c).start();
        Set<Integer> skipShares = new TreeSet<>();
        ids.forEach(id -> {
            if (skipShares.size() < k.n() - k.t() && r.nextDouble() < k.dropRate()) {
                skipShares.add(id);
            }
        });
        h.deliverAll(skipShares);
        if (h.coordinator.stage() == SecAggStage.SHARE_KEYS) {
            h.deadline();
        }
        assertEquals(SecAggStage.MASKED_INPUT, h.coordinator.stage());
        // Stage 2 lies: each recipient gets a random subset of its ciphertexts (some will abort).
        Map<Integer, Set<Integer>> u2Seen = new HashMap<>();
        Set<Integer> masked = new TreeSet<>();
        for (Map.Entry<Integer, List<SecAggMessage>> e : new HashMap<>(h.inbox).entrySet()) {
            int id = e.getKey();
            SecAggMessage m = e.getValue().get(0);
            if (!m.hasRoutedShares()) {
                continue;
            }
            RoutedShares.Builder routed = m.getRoutedShares().toBuilder();
            if (r.nextInt(5) == 0) {
                for (int drop = r.nextInt(3); drop > 0 && routed.getCiphertextsCount() > 0; drop--) {
                    routed.removeCiphertexts(r.nextInt(routed.getCiphertextsCount()));
                }
            }
            Set<Integer> seen = new TreeSet<>(List.of(id));
            routed.getCiphertextsList().forEach(x -> seen.add(x.getSenderId()));
            u2Seen.put(id, seen);
            List<SecAggMessage> reply =
                    h.deliverTo(id, m.toBuilder().setRoutedShares(routed).build());
            if (!reply.isEmpty() && reply.get(0).hasMaskedInput()) {
                masked.add(id);
            }
        }
        // Stage 4 lies: candidate survivor sets, one shown to each participant: mostly the true
        // one, else the true one less one member (the classic split: v alive for some, dropped for
        // others) or a random set.
        List<Set<Integer>> pool = new ArrayList<>();
        pool.add(masked);
        if (!masked.isEmpty()) {
            Set<Integer> lessOne = new TreeSet<>(masked);
            lessOne.remove(new ArrayList<>(masked).get(r.nextInt(masked.size())));
            pool.add(lessOne);
        }
        for (int i = 0; i < 2; i++) {
            Set<Integer> s = new TreeSet<>();
            ids.forEach(id -> {
                if (r.nextDouble() < 0.6) {
                    s.add(id);
                }
            });
            pool.add(s);
        }
        // Half the time the survivor set is shown truthfully and the lies come only at unmasking.
        double lieRate = r.nextBoolean() ? 0.0 : 0.3;
        Map<Set<Integer>, List<SignedSurvivorSet>> signatures = new HashMap<>();
        Map<Integer, Set<Integer>> shown = new HashMap<>();
        for (int id : masked) {
            Set<Integer> s = r.nextDouble() < lieRate ? pool.get(r.nextInt(pool.size())) : masked;
            shown.put(id, s);
            List<SecAggMessage> reply = h.deliverTo(
                    id,
                    coordinatorMessage(
                            c,
                            ConsistencyCheckRequest.newBuilder()
                                    .addAllSurvivors(s)
                                    .build()));
            if (!reply.isEmpty() && reply.get(0).hasConsistencyCheckSignature()) {
                signatures
                        .computeIfAbsent(s, x -> new ArrayList<>())
                        .add(SignedSurvivorSet.newBuilder()
                                .setSignerId(id)
                                .setSignature(reply.get(0)
                                        .getConsistencyCheckSignature()
                                        .getSignature())
                                .build());
            }
        }
        // Stage 5 lies: three unmasking requests per participant, mixing accurate and invented sets.
        Map<Integer, EnumSet<RevealLedger.Kind>> leaked = new HashMap<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            for (int id : masked) {
                Set<Integer> survivors = r.nextInt(3) == 0 ? pool.get(r.nextInt(pool.size())) : shown.get(id);
                Set<Integer> dropped = new TreeSet<>(r.nextInt(3) == 0 ? ids : u2Seen.get(id));
                dropped.removeAll(survivors);
                if (r.nextInt(4) == 0) {
                    dropped.add(ids.get(r.nextInt(ids.size())));
                }
                List<SignedSurvivorSet> sigs = new ArrayList<>(signatures.getOrDefault(survivors, List.of()));
                if (r.nextInt(4) == 0) {
                    signatures.values().forEach(sigs::addAll);
                }
                UnmaskingRequest request = UnmaskingRequest.newBuilder()
                        .addAllSurvivors(survivors)
                        .addAllDropped(dropped)
                        .addAllSignatures(sigs)
                        .build();
                for (SecAggMessage reply : h.deliverTo(id, coordinatorMessage(c, request))) {
                    if (reply.hasUnmaskingResponse()) {
                        for (RevealedShare s : reply.getUnmaskingResponse().getSelfMaskSharesList()) {
                            leaked.computeIfAbsent(s.getOwnerId(), x -> EnumSet.noneOf(RevealLedger.Kind.class))
                                    .add(RevealLedger.Kind.SELF_MASK);
                        }
                        for (RevealedShare s : reply.getUnmaskingResponse().getMaskKeySharesList()) {
                            leaked.computeIfAbsent(s.getOwnerId(), x -> EnumSet.noneOf(RevealLedger.Kind.class))
                                    .add(RevealLedger.Kind.MASK_KEY);
                        }
                    }
                }
            }
        }
        leaked.forEach((owner, kinds) -> assertTrue(
                kinds.size() < 2, "the coordinator obtained both a b share and an s_sk share of participant " + owner));
    }

    private static SecAggMessage coordinatorMessage(Cohort c, com.google.protobuf.Message body) {
        SecAggMessage.Builder b =
                SecAggMessage.newBuilder().setRoundId(c.config.roundId()).setSenderId(0);
        if (body instanceof ConsistencyCheckRequest q) {
            b.setConsistencyCheckRequest(q);
        } else {
            b.setUnmaskingRequest((UnmaskingRequest) body);
        }
        return b.build();
    }
}
