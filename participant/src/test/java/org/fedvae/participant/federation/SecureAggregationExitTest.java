package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.CoordinatorStep;
import org.fedvae.protocol.secagg.Outgoing;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.vectors.DeterministicRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The secure exit against a real coordinator machine, in memory, with reproducible randomness. */
class SecureAggregationExitTest {

    private static final long ROUND = 31;
    private static final int[] IDS = {4, 9, 12};

    private RoundConfig config;
    private final SortedMap<Integer, SecureAggregationExit> exits = new TreeMap<>();

    @BeforeEach
    void cohort() throws Exception {
        SortedMap<Integer, Ed25519KeyPair> identities = new TreeMap<>();
        SortedMap<Integer, byte[]> enrolled = new TreeMap<>();
        for (int id : IDS) {
            identities.put(id, Ed25519KeyPair.generate(DeterministicRandom.of("exit-test/identity/" + id)));
            enrolled.put(id, identities.get(id).publicKey());
        }
        config = RoundConfig.of(ROUND, 2, 5, new EncodingConfig(1f, 12, 100, 3), enrolled);
        for (int id : IDS) {
            exits.put(
                    id,
                    new SecureAggregationExit(
                            config,
                            id,
                            identities.get(id).privateKey(),
                            DeterministicRandom.of("exit-test/participant/" + id)));
        }
    }

    @Test
    void startAdvertisesKeysAndAwaitsTheKeyList() {
        SecureAggregationExit exit = exits.get(IDS[0]);
        List<Message> out = exit.start();
        assertEquals(1, out.size());
        SecAggMessage m = assertInstanceOf(SecAggMessage.class, out.get(0));
        assertTrue(m.hasAdvertiseKeys());
        assertEquals(ROUND, m.getRoundId());
        assertEquals(Optional.of(SecAggStage.ADVERTISE_KEYS), exit.stage());
        assertFalse(exit.isTerminal());
        assertEquals(Optional.empty(), exit.refusal());
        assertEquals(Optional.empty(), exit.abortReason());
    }

    /** A whole round: the coordinator unmasks exactly the sum of the submitted encodings. */
    @Test
    void theCoordinatorUnmasksTheSumOfTheSubmittedWords() {
        SecAggCoordinator coordinator = new SecAggCoordinator(config);
        Deque<SecAggMessage> toCoordinator = new ArrayDeque<>();
        int[] expected = new int[config.wordCount()];
        SortedMap<Integer, int[]> submitted = new TreeMap<>();
        for (int id : IDS) {
            SecureAggregationExit exit = exits.get(id);
            exit.start().forEach(m -> toCoordinator.add((SecAggMessage) m));
            float[] delta = {0.1f * id, -0.2f, 0.3f, 0f, -1f};
            int[] words = UpdateEncoder.encode(delta, 10 + id, config.encoding(), RoundingSource.splitMix64(id))
                    .words();
            int[] before = words.clone();
            submitted.put(id, before);
            assertEquals(List.of(), exit.submit(words), "nothing to mask before the shares are routed");
            assertArrayEquals(before, words, "the exit masks a copy, never the caller's array");
            for (int i = 0; i < expected.length; i++) {
                expected[i] += words[i];
            }
        }
        int idle = 0;
        while (!coordinator.stage().isTerminal()) {
            CoordinatorStep step;
            if (!toCoordinator.isEmpty()) {
                step = coordinator.handle(toCoordinator.poll());
                assertFalse(step.rejected(), "an honest message was rejected");
            } else {
                assertTrue(++idle < 10, "round stuck in " + coordinator.stage());
                step = coordinator.stageDeadlinePassed();
            }
            for (Outgoing o : step.messages()) {
                for (Message reply : exits.get(o.recipientId()).onMessage(o.message())) {
                    toCoordinator.add(assertInstanceOf(SecAggMessage.class, reply));
                }
            }
        }
        assertEquals(SecAggStage.COMPLETED, coordinator.stage());
        assertArrayEquals(expected, coordinator.unmaskedSum().orElseThrow());
        for (SecureAggregationExit exit : exits.values()) {
            assertEquals(Optional.of(SecAggStage.COMPLETED), exit.stage());
            assertTrue(exit.isTerminal());
            assertEquals(Optional.empty(), exit.abortReason());
            assertEquals(Optional.empty(), exit.refusal());
        }
    }

    @Test
    void deadlineAbortsWithOneTimeoutForTheCoordinator() {
        SecureAggregationExit exit = exits.get(IDS[1]);
        exit.start();
        List<Message> out = exit.deadlinePassed();
        assertEquals(1, out.size());
        SecAggMessage m = assertInstanceOf(SecAggMessage.class, out.get(0));
        assertEquals(SecAggAbortReason.TIMEOUT, m.getAbort().getReason());
        assertTrue(exit.isTerminal());
        assertEquals(Optional.of(SecAggStage.ABORTED), exit.stage());
        assertEquals(SecAggAbortReason.TIMEOUT, exit.abortReason().orElseThrow().getReason());
        assertEquals(List.of(), exit.deadlinePassed(), "a second deadline sends nothing more");
        assertEquals(List.of(), exit.submit(new int[config.wordCount()]), "an aborted exit sends no update");
    }

    /** A message for another round aborts (the machine judges it), it is not refused like in a plain round. */
    @Test
    void aMessageForAnotherRoundAborts() {
        SecureAggregationExit exit = exits.get(IDS[2]);
        exit.start();
        List<Message> out = exit.onMessage(
                SecAggMessage.newBuilder().setRoundId(ROUND + 1).setSenderId(0).build());
        assertEquals(
                SecAggAbortReason.WRONG_ROUND,
                assertInstanceOf(SecAggMessage.class, out.get(0)).getAbort().getReason());
        assertTrue(exit.isTerminal());
        assertEquals(
                SecAggAbortReason.WRONG_ROUND, exit.abortReason().orElseThrow().getReason());
        assertEquals(Optional.empty(), exit.refusal());
    }

    @Test
    void wrongWordCountAndSecondUpdateAreCallerBugs() {
        SecureAggregationExit exit = exits.get(IDS[0]);
        exit.start();
        assertThrows(IllegalArgumentException.class, () -> exit.submit(new int[config.vectorLength()]));
        exit.submit(new int[config.wordCount()]);
        assertThrows(IllegalStateException.class, () -> exit.submit(new int[config.wordCount()]));
    }
}
