package org.fedvae.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.fedvae.protocol.proto.MaskedInput;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Short fuzz runs for CI, seeded cases with edge values first ({@link PropertyCase}): random
 * bytes and structured mutations of real messages, to the coordinator at every stage from an
 * authenticated participant, to each participant at every stage, and raw byte streams into both
 * transport pipelines. The long run is the simulations `fuzz` command (docs/SECURITY.md).
 */
class FuzzPropertiesTest {

    private static final SecAggFuzzTargets TARGETS = new SecAggFuzzTargets();
    private static final SecAggStage[] UP = {
        SecAggStage.ADVERTISE_KEYS,
        SecAggStage.SHARE_KEYS,
        SecAggStage.MASKED_INPUT,
        SecAggStage.CONSISTENCY_CHECK,
        SecAggStage.UNMASKING
    };
    private static final SecAggStage[] DOWN = {
        SecAggStage.SHARE_KEYS, SecAggStage.MASKED_INPUT, SecAggStage.CONSISTENCY_CHECK, SecAggStage.UNMASKING
    };

    static Stream<PropertyCase> randomBytesFromAParticipant() {
        return PropertyCase.cases("fuzz-random-bytes-from-a-participant", 60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void randomBytesFromAParticipant(PropertyCase k) {
        Draw d = k.draw();
        byte[] bytes = d.bytes(300);
        int stage = d.between(0, 4);
        int who = d.between(0, 3);
        k.check(() -> assertHolds(FuzzInput.coordinator(UP[stage], Fixture.IDS.get(who), true, bytes)));
    }

    static Stream<PropertyCase> mutatedMessagesFromAParticipant() {
        return PropertyCase.cases("fuzz-mutated-messages-from-a-participant", 150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void mutatedMessagesFromAParticipant(PropertyCase k) {
        Draw d = k.draw();
        long seed = d.anyLong();
        int stage = d.between(0, 4);
        int x = Fixture.IDS.get(d.between(0, 3));
        k.check(() -> {
            byte[] m = MessageMutator.mutate(
                    TARGETS.honestUpstream(x, UP[stage]), TARGETS.honestMessages(), new Random(seed));
            assertHolds(FuzzInput.coordinator(UP[stage], x, true, m));
        });
    }

    static Stream<PropertyCase> randomBytesToAParticipant() {
        return PropertyCase.cases("fuzz-random-bytes-to-a-participant", 60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void randomBytesToAParticipant(PropertyCase k) {
        Draw d = k.draw();
        byte[] bytes = d.bytes(300);
        int stage = d.between(0, 3);
        int who = d.between(0, 3);
        boolean replace = d.bool();
        k.check(() -> assertHolds(FuzzInput.participant(DOWN[stage], Fixture.IDS.get(who), replace, bytes)));
    }

    static Stream<PropertyCase> mutatedMessagesToAParticipant() {
        return PropertyCase.cases("fuzz-mutated-messages-to-a-participant", 150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void mutatedMessagesToAParticipant(PropertyCase k) {
        Draw d = k.draw();
        long seed = d.anyLong();
        int stage = d.between(0, 3);
        int p = Fixture.IDS.get(d.between(0, 3));
        boolean replace = d.bool();
        k.check(() -> {
            byte[] m = MessageMutator.mutate(
                    TARGETS.honestDownstream(p, DOWN[stage]), TARGETS.honestMessages(), new Random(seed));
            assertHolds(FuzzInput.participant(DOWN[stage], p, replace, m));
        });
    }

    static Stream<PropertyCase> byteStreamsIntoTheTransport() {
        return PropertyCase.cases("fuzz-byte-streams-into-the-transport", 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void byteStreamsIntoTheTransport(PropertyCase k) {
        Draw d = k.draw();
        List<byte[]> chunks = new ArrayList<>();
        for (int i = d.between(0, 4); i > 0; i--) {
            chunks.add(d.bytes(80));
        }
        boolean server = d.bool();
        boolean handshakeFirst = d.bool();
        k.check(() -> assertHolds(FuzzInput.frame(server, handshakeFirst, chunks)));
    }

    /** The checks are not vacuous: an altered but well-formed masked input is accepted and changes the sum by exactly its alteration. */
    @Test
    void anAcceptedAlteredMaskedInputIsAccountedFor() {
        SecAggMessage real = TARGETS.honestUpstream(17, SecAggStage.MASKED_INPUT);
        byte[] words = real.getMaskedInput().getWordsLe().toByteArray();
        words[0] ^= 1;
        SecAggMessage altered = real.toBuilder()
                .setMaskedInput(MaskedInput.newBuilder().setWordsLe(com.google.protobuf.ByteString.copyFrom(words)))
                .build();
        Verdict v = TARGETS.run(FuzzInput.coordinator(SecAggStage.MASKED_INPUT, 17, true, altered.toByteArray()));
        assertEquals("coordinator-accepted", v.category());
        assertNull(v.failure());
    }

    @Test
    void aRefusedMessageRemovesItsSenderOnly() {
        SecAggMessage wrongRound = TARGETS.honestUpstream(42, SecAggStage.SHARE_KEYS).toBuilder()
                .setRoundId(1)
                .build();
        Verdict v = TARGETS.run(FuzzInput.coordinator(SecAggStage.SHARE_KEYS, 42, true, wrongRound.toByteArray()));
        assertEquals("coordinator-refused", v.category());
        assertNull(v.failure());
    }

    @Test
    void aParticipantAbortingOnAForgedRequestLeavesTheOthersRound() {
        SecAggMessage forged = TARGETS.honestDownstream(3, SecAggStage.CONSISTENCY_CHECK).toBuilder()
                .setConsistencyCheckRequest(org.fedvae.protocol.proto.ConsistencyCheckRequest.newBuilder()
                        .addSurvivors(3)
                        .addSurvivors(17))
                .build();
        Verdict v = TARGETS.run(FuzzInput.participant(SecAggStage.CONSISTENCY_CHECK, 3, true, forged.toByteArray()));
        assertEquals("participant-aborted", v.category());
        assertNull(v.failure());
    }

    private static void assertHolds(FuzzInput in) {
        Verdict v = TARGETS.run(in);
        assertFalse(v.failedInvariant(), () -> v.failure() + "\n" + in.toLine());
    }
}
