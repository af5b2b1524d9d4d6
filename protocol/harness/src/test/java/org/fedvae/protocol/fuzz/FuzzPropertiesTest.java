package org.fedvae.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.fedvae.protocol.proto.MaskedInput;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggStage;
import org.junit.jupiter.api.Test;

/**
 * Short fuzz runs for CI with jqwik's generators: random bytes and structured mutations of real
 * messages, to the coordinator at every stage from an authenticated participant, to each
 * participant at every stage, and raw byte streams into both transport pipelines. The long run
 * is the simulations `fuzz` command (docs/SECURITY.md).
 */
class FuzzPropertiesTest {

    private static final SecAggFuzzTargets TARGETS = new SecAggFuzzTargets();
    private static final SecAggStage[] UP = {SecAggStage.ADVERTISE_KEYS, SecAggStage.SHARE_KEYS, SecAggStage.MASKED_INPUT,
        SecAggStage.CONSISTENCY_CHECK, SecAggStage.UNMASKING};
    private static final SecAggStage[] DOWN = {SecAggStage.SHARE_KEYS, SecAggStage.MASKED_INPUT,
        SecAggStage.CONSISTENCY_CHECK, SecAggStage.UNMASKING};

    @Property(tries = 60)
    void randomBytesFromAParticipant(@ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(max = 4) int stage,
                                     @ForAll @IntRange(max = 3) int who) {
        assertHolds(FuzzInput.coordinator(UP[stage], Fixture.IDS.get(who), true, bytes));
    }

    @Property(tries = 150)
    void mutatedMessagesFromAParticipant(@ForAll long seed, @ForAll @IntRange(max = 4) int stage,
                                         @ForAll @IntRange(max = 3) int who) {
        int x = Fixture.IDS.get(who);
        byte[] m = MessageMutator.mutate(TARGETS.honestUpstream(x, UP[stage]), TARGETS.honestMessages(), new Random(seed));
        assertHolds(FuzzInput.coordinator(UP[stage], x, true, m));
    }

    @Property(tries = 60)
    void randomBytesToAParticipant(@ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(max = 3) int stage,
                                   @ForAll @IntRange(max = 3) int who, @ForAll boolean replace) {
        assertHolds(FuzzInput.participant(DOWN[stage], Fixture.IDS.get(who), replace, bytes));
    }

    @Property(tries = 150)
    void mutatedMessagesToAParticipant(@ForAll long seed, @ForAll @IntRange(max = 3) int stage,
                                       @ForAll @IntRange(max = 3) int who, @ForAll boolean replace) {
        int p = Fixture.IDS.get(who);
        byte[] m = MessageMutator.mutate(TARGETS.honestDownstream(p, DOWN[stage]), TARGETS.honestMessages(), new Random(seed));
        assertHolds(FuzzInput.participant(DOWN[stage], p, replace, m));
    }

    @Property(tries = 200)
    void byteStreamsIntoTheTransport(@ForAll @Size(max = 4) List<@Size(max = 80) byte[]> chunks, @ForAll boolean server,
                                     @ForAll boolean handshakeFirst) {
        assertHolds(FuzzInput.frame(server, handshakeFirst, chunks));
    }

    /** The checks are not vacuous: an altered but well-formed masked input is accepted and changes the sum by exactly its alteration. */
    @Test
    void anAcceptedAlteredMaskedInputIsAccountedFor() {
        SecAggMessage real = TARGETS.honestUpstream(17, SecAggStage.MASKED_INPUT);
        byte[] words = real.getMaskedInput().getWordsLe().toByteArray();
        words[0] ^= 1;
        SecAggMessage altered = real.toBuilder().setMaskedInput(MaskedInput.newBuilder()
                .setWordsLe(com.google.protobuf.ByteString.copyFrom(words))).build();
        Verdict v = TARGETS.run(FuzzInput.coordinator(SecAggStage.MASKED_INPUT, 17, true, altered.toByteArray()));
        assertEquals("coordinator-accepted", v.category());
        assertNull(v.failure());
    }

    @Test
    void aRefusedMessageRemovesItsSenderOnly() {
        SecAggMessage wrongRound = TARGETS.honestUpstream(42, SecAggStage.SHARE_KEYS).toBuilder().setRoundId(1).build();
        Verdict v = TARGETS.run(FuzzInput.coordinator(SecAggStage.SHARE_KEYS, 42, true, wrongRound.toByteArray()));
        assertEquals("coordinator-refused", v.category());
        assertNull(v.failure());
    }

    @Test
    void aParticipantAbortingOnAForgedRequestLeavesTheOthersRound() {
        SecAggMessage forged = TARGETS.honestDownstream(3, SecAggStage.CONSISTENCY_CHECK).toBuilder()
                .setConsistencyCheckRequest(org.fedvae.protocol.proto.ConsistencyCheckRequest.newBuilder()
                        .addSurvivors(3).addSurvivors(17)).build();
        Verdict v = TARGETS.run(FuzzInput.participant(SecAggStage.CONSISTENCY_CHECK, 3, true, forged.toByteArray()));
        assertEquals("participant-aborted", v.category());
        assertNull(v.failure());
    }

    private static void assertHolds(FuzzInput in) {
        Verdict v = TARGETS.run(in);
        assertFalse(v.failedInvariant(), () -> v.failure() + "\n" + in.toLine());
    }
}
