package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.fedvae.protocol.encoding.ddp.ClientDpDigest;
import org.fedvae.protocol.encoding.ddp.DdpDecoder;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.encoding.ddp.RotationSeed;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.ClientDp;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.LocalReport;
import org.fedvae.protocol.proto.RoundDecline;
import org.fedvae.protocol.proto.RoundEnd;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The round layer as a machine: events in a fixed order, actions checked one by one, real
 * secure-aggregation participants on the other side, a clock that moves only when told.
 * Deterministic by construction: no threads, no sleeps, no network.
 */
class FederationMachineTest {

    private static final List<String> FIVE = List.of("site-1", "site-2", "site-3", "site-4", "site-5");
    private static final List<String> FOUR = FIVE.subList(0, 4);

    private static RoundPolicy policy(int rounds, int minParticipants) {
        return RoundPolicy.defaults(rounds, minParticipants)
                .with(new RoundPolicy.Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(600)));
    }

    private static MachineHarness fiveSites(RoundPolicy policy) throws IOException {
        MachineHarness h = new MachineHarness(policy);
        FIVE.forEach(h::site);
        return h;
    }

    private static RoundEnd roundEnd(MachineSite s) {
        List<Envelope> ends = s.received(Envelope.BodyCase.ROUND_END);
        assertFalse(ends.isEmpty(), s.id + " was not told the round ended");
        return ends.get(ends.size() - 1).getRoundEnd();
    }

    @Test
    void everyCohortEntryCarriesItsMembersCertificate() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5));
        h.connect(FIVE.toArray(String[]::new));
        h.settle();
        for (String id : FIVE) {
            Envelope start =
                    h.sites.get(id).received(Envelope.BodyCase.ROUND_START).get(0);
            assertEquals(5, start.getRoundStart().getCohortCount());
            for (CohortEntry e : start.getRoundStart().getCohortList()) {
                assertArrayEquals(
                        h.sites.get(e.getParticipantId()).certificate,
                        e.getCertificate().toByteArray(),
                        e.getParticipantId());
            }
        }
    }

    @Test
    void secureRoundCompletesWithTheExactSumAndTheRunEnds() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5));
        h.connect(FIVE.toArray(String[]::new));
        assertEquals(List.of(1L), h.roundStartsRecorded);
        assertEquals(List.of(FIVE), h.startedCohorts);
        h.settle();

        assertEquals(1, h.finishedRounds.size());
        RoundMetrics m = h.lastRound();
        h.assertAggregateOf(m, h.models.get(0), h.initial, FIVE);
        assertEquals(4, m.threshold());
        assertEquals(List.of(1L), h.checkpoints);
        assertEquals(List.of(m), h.metricsRows);
        assertTrue(h.deadlines.isEmpty(), "a deadline outlived its round: " + h.deadlines);
        assertEquals(100.0 + "site-1".length(), m.testLoss(), 1e-9);
        assertTrue(m.bytesIn() > 0 && m.bytesOut() > 0);
        for (String id : FIVE) {
            assertTrue(roundEnd(h.sites.get(id)).getCompleted());
        }
        assertTrue(h.runOver);
        assertEquals(null, h.runFailure);
        assertEquals(FIVE, h.farewells);
        assertTrue(h.refused.isEmpty(), h.refused.toString());
    }

    /**
     * A client-level DP round: the RoundStart declares the encoding (noise counted for the
     * threshold's contributors, the padded length masked), and the new model is the old one plus
     * the DP decoding of the survivors' sum, bit for bit.
     */
    @Test
    void clientDpRoundDecodesTheNoisyEqualWeightAverage() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5).withClientDp(new ClientDpPolicy(0.5, 0.01)));
        h.connect(FIVE.toArray(String[]::new));
        h.settle();
        RoundMetrics m = h.lastRound();
        assertTrue(m.completed(), () -> "round aborted: " + m.abortReason());
        MachineSite first = h.sites.get(FIVE.get(0));
        DdpParameters dp = first.clientDpByRound.get(1L);
        RoundConfig config = first.configByRound.get(1L);
        assertEquals(h.initial.size(), dp.dimension());
        assertEquals(dp.paddedLength(), config.vectorLength());
        assertEquals(config.threshold(), dp.minContributors());
        assertEquals(5, dp.maxParticipants());
        assertEquals(5, m.totalWeight(), "equal weights: the weight word counts the survivors");
        int[] sum = new int[config.wordCount()];
        for (String id : FIVE) {
            int[] w = h.sites.get(id).encodedByRound.get(1L);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += w[i];
            }
        }
        float[] avg = DdpDecoder.decodeAverage(sum, dp, RotationSeed.of(1, config.digest()));
        float[] expected = h.initial.toFlatArray();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += avg[i];
        }
        assertTrue(ModelParameters.of(h.initial.spec(), expected).bitEquals(h.models.get(0)));
    }

    /**
     * A deviating coordinator tells one member that the others add a hundredth of the noise (and binds that into the
     * member's configuration, as it must for the member to accept it): the member signs another configuration digest,
     * so its keys fail verification and the round completes without its update.
     */
    @Test
    void aMemberHandedOtherClientDpParametersCannotCompleteTheRound() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5).withClientDp(new ClientDpPolicy(0.5, 0.01)));
        h.site("site-5").toldInstead = start -> {
            ClientDp other = start.getClientDp().toBuilder()
                    .setNoiseStddev(start.getClientDp().getNoiseStddev() / 100)
                    .build();
            return start.toBuilder()
                    .setClientDp(other)
                    .setSecagg(start.getSecagg().toBuilder()
                            .setClientDpDigest(ByteString.copyFrom(ClientDpDigest.of(other))))
                    .build();
        };
        h.connect(FIVE.toArray(String[]::new));
        h.settle();
        RoundConfig honest = h.sites.get("site-1").configByRound.get(1L);
        RoundStart sent = h.sites
                .get("site-1")
                .received(Envelope.BodyCase.ROUND_START)
                .get(0)
                .getRoundStart();
        assertArrayEquals(ClientDpDigest.of(sent.getClientDp()), honest.clientDpDigest(), "the coordinator binds it");
        assertFalse(Arrays.equals(
                honest.digest(), h.sites.get("site-5").configByRound.get(1L).digest()));
        RoundMetrics m = h.lastRound();
        assertTrue(m.completed(), () -> "round aborted: " + m.abortReason());
        assertEquals(FOUR, m.survivors(), "the misled member's update is not in the sum");
        assertEquals(
                List.of("site-5"),
                h.refused.stream().map(RoundAction.Refuse::to).toList());
        assertTrue(
                h.refused.get(0).message().contains("INVALID_SIGNATURE"),
                h.refused.get(0).message());
    }

    @Test
    void clientDpNeedsSecureAggregation() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> policy(1, 5).withSecureAggregation(false).withClientDp(new ClientDpPolicy(1, 1)));
        assertTrue(e.getMessage().contains("client-level DP needs secure aggregation"), e.getMessage());
    }

    @Test
    void plainRoundSumsTheUnmaskedUpdates() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5).withSecureAggregation(false));
        h.connect(FIVE.toArray(String[]::new));
        h.settle();
        RoundMetrics m = h.lastRound();
        assertFalse(m.secureAggregation());
        h.assertAggregateOf(m, h.models.get(0), h.initial, FIVE);
        assertEquals(List.of(PlainStrategy.STAGE), List.copyOf(m.stageSeconds().keySet()));
    }

    @ParameterizedTest
    @EnumSource(
            value = SecAggStage.class,
            mode = EnumSource.Mode.EXCLUDE,
            names = {"COMPLETED", "ABORTED"})
    void memberThatDisconnectsAtAnyStageLeavesTheSumToTheOthers(SecAggStage stage) throws Exception {
        MachineHarness h = fiveSites(policy(1, 5));
        h.site("site-5").silentFrom(stage, true);
        h.connect(FIVE.toArray(String[]::new));
        h.settle();
        // Once its masked input arrived, a member is in the sum whatever happens to it later.
        List<String> survivors = stage.compareTo(SecAggStage.MASKED_INPUT) > 0 ? FIVE : FOUR;
        h.assertAggregateOf(h.lastRound(), h.models.get(0), h.initial, survivors);
        assertTrue(h.refused.isEmpty(), "a dropout is not a violation: " + h.refused);
        assertTrue(h.deadlines.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(
            value = SecAggStage.class,
            mode = EnumSource.Mode.EXCLUDE,
            names = {"COMPLETED", "ABORTED"})
    void silentMemberIsDismissedWhenTheStageDeadlinePassesAndTheRoundGoesOn(SecAggStage stage) throws Exception {
        MachineHarness h = fiveSites(policy(1, 5));
        MachineSite silent = h.site("site-5").silentFrom(stage, false);
        h.connect(FIVE.toArray(String[]::new));
        h.settle();
        assertTrue(h.finishedRounds.isEmpty(), "the round cannot end before the deadline");
        h.fireDeadline();

        List<String> survivors = stage.compareTo(SecAggStage.MASKED_INPUT) > 0 ? FIVE : FOUR;
        RoundMetrics m = h.lastRound();
        h.assertAggregateOf(m, h.models.get(0), h.initial, survivors);
        // The clock moved only when the deadline passed, so that stage took exactly its deadline.
        double expected = stage == SecAggStage.MASKED_INPUT ? 600 : 60;
        assertEquals(expected, m.stageSeconds().get(RoundAbort.stageName(stage)), 1e-9);
        assertEquals(expected, m.seconds(), 1e-9);
        assertTrue(h.refused.isEmpty(), "a slow member is dismissed, not disconnected: " + h.refused);
        assertTrue(silent.connected);
        assertTrue(roundEnd(silent).getCompleted(), "the dismissed member still hears how the round ended");
    }

    @Test
    void deadlineWithTooFewLeftAbortsWithTimeoutOrBelowThreshold() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5));
        h.site("site-4").silentFrom(SecAggStage.SHARE_KEYS, false);
        h.site("site-5").silentFrom(SecAggStage.SHARE_KEYS, false);
        h.connect(FIVE.toArray(String[]::new));
        h.settle();
        h.fireDeadline();
        RoundMetrics m = h.lastRound();
        assertFalse(m.completed());
        RoundAbort abort = m.abort().orElseThrow();
        assertTrue(
                abort.cause() == RoundAbort.Cause.BELOW_THRESHOLD || abort.cause() == RoundAbort.Cause.TIMEOUT,
                abort.toString());
        assertEquals("share_keys", abort.stage());
        assertTrue(h.models.get(0).bitEquals(h.initial), "an aborted round changed the model");
        assertTrue(h.runOver, "the last round aborted: the run is over all the same");
    }

    /**
     * Today's flaky network test, in a fixed order: the two leavers advertise and vanish, round 1
     * aborts below the threshold, and round 2 starts only with members that are still there.
     */
    @Test
    void roundBelowThresholdAbortsCleanlyAndTheNextRoundStarts() throws Exception {
        MachineHarness h = new MachineHarness(policy(2, 3));
        h.connect("leaver-1", "leaver-2", "honest-1");
        assertEquals(List.of(List.of("honest-1", "leaver-1", "leaver-2")), h.startedCohorts);
        h.step("leaver-1");
        h.disconnect("leaver-1");
        h.step("leaver-2");
        h.disconnect("leaver-2");
        assertTrue(h.finishedRounds.isEmpty(), "the stage closes once every member answered or left");
        MachineSite h1 = h.sites.get("honest-1");
        h.step(h1);

        RoundMetrics first = h.lastRound();
        RoundAbort abort = first.abort().orElseThrow();
        assertEquals(RoundAbort.Cause.BELOW_THRESHOLD, abort.cause(), abort.toString());
        // Both leavers' keys had arrived, so AdvertiseKeys closed with three; ShareKeys has one.
        assertEquals("share_keys", abort.stage());
        assertTrue(h.models.get(0).bitEquals(h.initial), "an aborted round changed the model");
        assertTrue(h.deadlines.isEmpty(), "the aborted round's deadline is still armed");
        h.step(h1);
        assertEquals(
                SecAggAbortReason.BELOW_THRESHOLD,
                h1.received(Envelope.BodyCase.SECAGG).stream()
                        .filter(e -> e.getSecagg().hasAbort())
                        .findFirst()
                        .orElseThrow()
                        .getSecagg()
                        .getAbort()
                        .getReason());
        assertFalse(roundEnd(h1).getCompleted());
        assertTrue(h.refused.isEmpty(), h.refused.toString());
        assertEquals(1, h.startedCohorts.size(), "a round started with fewer than the minimum connected");

        h.connect("honest-2", "honest-3");
        assertEquals(List.of("honest-1", "honest-2", "honest-3"), h.startedCohorts.get(1));
        h.settle();
        RoundMetrics second = h.lastRound();
        assertEquals(2, second.roundId());
        h.assertAggregateOf(second, h.models.get(1), h.models.get(0), List.of("honest-1", "honest-2", "honest-3"));
        assertTrue(h.runOver);
        assertEquals(List.of(1L, 2L), h.checkpoints);
    }

    @Test
    void envelopeForAnotherRoundIsRefusedAndTheOthersComplete() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5));
        h.connect(FIVE.toArray(String[]::new));
        MachineSite odd = h.sites.get("site-5");
        h.send(
                "site-5",
                odd.envelope()
                        .setRoundId(8)
                        .setRoundDecline(RoundDecline.newBuilder().setReason("x"))
                        .build());
        assertEquals(
                List.of("site-5"),
                h.refused.stream().map(RoundAction.Refuse::to).toList());
        assertEquals(ErrorCode.WRONG_ROUND, h.refused.get(0).code());
        h.settle();
        h.assertAggregateOf(h.lastRound(), h.models.get(0), h.initial, FOUR);
        assertFalse(h.farewells.contains("site-5"), "a refused participant is no longer connected");
    }

    @Test
    void participantOutsideTheCohortIsRefused() throws Exception {
        MachineHarness h = new MachineHarness(policy(1, 3).with(new RoundPolicy.Cohort(3, 3, 1.0, 0)));
        h.connect("site-1", "site-2", "site-3", "site-4");
        assertEquals(List.of("site-1", "site-2", "site-3"), h.startedCohorts.get(0));
        h.send(
                "site-4",
                h.site("site-4")
                        .envelope()
                        .setRoundId(1)
                        .setRoundDecline(RoundDecline.newBuilder().setReason("let me in"))
                        .build());
        assertEquals(ErrorCode.WRONG_ROUND, h.refused.get(0).code());
        assertTrue(
                h.refused.get(0).message().contains("not in the cohort of round 1"),
                h.refused.get(0).message());
        h.settle();
        h.assertAggregateOf(h.lastRound(), h.models.get(0), h.initial, List.of("site-1", "site-2", "site-3"));
    }

    /** Per-site numbers in plain are protocol version 1: a LocalReport is refused and its sender leaves the round. */
    @Test
    void aLocalReportIsRefusedAndItsSenderLeavesTheRound() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5));
        h.connect(FIVE.toArray(String[]::new));
        MachineSite odd = h.sites.get("site-5");
        odd.inbox.clear();
        h.send(
                "site-5",
                odd.envelope()
                        .setRoundId(1)
                        .setLocalReport(LocalReport.getDefaultInstance())
                        .build());
        assertEquals(ErrorCode.WRONG_STAGE, h.refused.get(0).code());
        assertTrue(
                h.refused.get(0).message().contains("LocalReport"),
                h.refused.get(0).message());
        h.settle();
        RoundMetrics m = h.lastRound();
        h.assertAggregateOf(m, h.models.get(0), h.initial, FOUR);
        assertEquals(
                40, m.testSamples(), "the evaluation covers the four survivors' 10 test images each, from the sum");
        assertEquals(106.0, m.testLoss(), 1e-9);
    }

    @Test
    void declineTakesTheMemberOutOfTheRoundButKeepsItConnected() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5));
        h.connect(FIVE.toArray(String[]::new));
        MachineSite decliner = h.sites.get("site-5");
        decliner.inbox.clear();
        h.send(
                "site-5",
                decliner.envelope()
                        .setRoundId(1)
                        .setRoundDecline(RoundDecline.newBuilder().setReason("busy"))
                        .build());
        h.settle();
        h.assertAggregateOf(h.lastRound(), h.models.get(0), h.initial, FOUR);
        assertTrue(h.refused.isEmpty());
        assertTrue(roundEnd(decliner).getCompleted());
        assertTrue(h.farewells.contains("site-5"));
    }

    @Test
    void staleDeadlineIsIgnored() throws Exception {
        MachineHarness h = fiveSites(policy(2, 5));
        h.connect(FIVE.toArray(String[]::new));
        long advertiseDeadline = h.deadlines.keySet().iterator().next();
        for (String id : FIVE) {
            h.step(id);
        }
        // Every key arrived: the stage closed, its deadline was cancelled, and a later one armed.
        assertFalse(h.deadlines.containsKey(advertiseDeadline));
        assertEquals(1, h.deadlines.size());
        long shareKeysDeadline = h.deadlines.keySet().iterator().next();
        assertEquals(List.of(), h.machine.deadlinePassed(advertiseDeadline), "a cancelled deadline fired");
        assertTrue(h.finishedRounds.isEmpty());
        h.settle();
        assertEquals(2, h.finishedRounds.size());
        // Round 1's deadlines mean nothing in round 2, nor after the run.
        assertEquals(List.of(), h.machine.deadlinePassed(shareKeysDeadline));
        assertTrue(h.finishedRounds.stream().allMatch(RoundMetrics::completed));
        assertTrue(h.refused.isEmpty());
    }

    @Test
    void internalErrorAbortsTheRoundAndTheRunGoesOn() throws Exception {
        MachineHarness h = fiveSites(policy(2, 5));
        h.connect(FIVE.toArray(String[]::new));
        h.carryOut(h.machine.internalError(new IllegalStateException("a bug")));
        RoundMetrics first = h.lastRound();
        assertEquals(
                RoundAbort.Cause.INTERNAL_ERROR, first.abort().orElseThrow().cause());
        assertEquals("advertise_keys", first.abort().orElseThrow().stage());
        assertTrue(first.abort().orElseThrow().detail().contains("a bug"));
        assertEquals(2, h.startedCohorts.size(), "the next round did not start");
        h.settle();
        h.assertAggregateOf(h.lastRound(), h.models.get(1), h.initial, FIVE);
        assertEquals(2, h.lastRound().roundId());
        assertTrue(h.runOver);
        assertEquals(null, h.runFailure);
    }

    @Test
    void checkpointFailureStopsTheRun() throws Exception {
        MachineHarness h = fiveSites(policy(3, 5));
        h.failNextCheckpoint = true;
        h.connect(FIVE.toArray(String[]::new));
        h.settle();
        assertTrue(h.runOver);
        assertInstanceOf(IOException.class, h.runFailure);
        assertEquals(List.of(1L), h.roundStartsRecorded, "a round started after a failed checkpoint");
        assertTrue(h.finishedRounds.isEmpty(), "listeners heard of a round that was not checkpointed");
        assertEquals(FIVE, h.refused.stream().map(RoundAction.Refuse::to).toList());
        assertTrue(h.refused.stream().allMatch(r -> r.code() == ErrorCode.INTERNAL));
    }

    @Test
    void failureToRecordTheRoundStartStopsTheRunBeforeAnyoneHearsOfIt() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5));
        h.failNextRoundStart = true;
        h.connect(FIVE.toArray(String[]::new));
        assertTrue(h.runOver);
        assertInstanceOf(IOException.class, h.runFailure);
        for (String id : FIVE) {
            assertTrue(h.sites.get(id).received(Envelope.BodyCase.ROUND_START).isEmpty(), id + " heard of the round");
        }
    }

    @Test
    void roundCutShortByACrashIsRecordedAsInterrupted(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(RunState.STARTED_FILE), "1\n", StandardCharsets.UTF_8);
        MachineHarness h = new MachineHarness(policy(2, 5), dir);
        RoundMetrics interrupted = h.metricsRows.get(0);
        assertEquals(1, interrupted.roundId());
        assertEquals(
                RoundAbort.Cause.INTERRUPTED, interrupted.abort().orElseThrow().cause());
        FIVE.forEach(h::site);
        h.connect(FIVE.toArray(String[]::new));
        assertEquals(List.of(2L), h.roundStartsRecorded, "the interrupted round's id was reused");
    }

    @Test
    void participantConnectingAfterTheLastRoundGetsTheFinalModel() throws Exception {
        MachineHarness h = fiveSites(policy(1, 5));
        h.connect(FIVE.toArray(String[]::new));
        h.settle();
        h.connect("late-1");
        assertEquals("late-1", h.farewells.get(h.farewells.size() - 1));
        Envelope complete = h.sites.get("late-1").inbox.poll();
        assertTrue(complete.hasFederationComplete());
        assertEquals(1, complete.getFederationComplete().getRounds());
    }
}
