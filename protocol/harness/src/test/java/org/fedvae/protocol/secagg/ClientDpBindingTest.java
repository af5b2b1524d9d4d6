package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fedvae.protocol.encoding.ddp.ClientDpDigest;
import org.fedvae.protocol.proto.ClientDp;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.vectors.SpecBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client-level DP parameters are in the signed configuration digest (docs/PROTOCOL.md 3 and 7.1): a member
 * handed other DP parameters than the rest signs another digest, so it cannot complete the round with them.
 */
class ClientDpBindingTest {

    private static final int N = 6;
    private static final int T = 4;

    private static final ClientDp DECLARED = ClientDp.newBuilder()
            .setDimension(10)
            .setBlockSize(16)
            .setClip(1.0)
            .setScale(1024.0)
            .setNoiseStddev(0.5)
            .setMinContributors(T)
            .setMaxParticipants(N)
            .setModulusBits(32)
            .build();
    /** What a deviating coordinator tells one member: the others add almost no noise. */
    private static final ClientDp LITTLE_NOISE =
            DECLARED.toBuilder().setNoiseStddev(0.005).build();

    private static Cohort cohort(long seed, ClientDp dp) {
        Cohort plain = Cohort.create(seed, 41, N, T, 16);
        return dp == null ? plain : plain.withClientDpDigest(ClientDpDigest.of(dp));
    }

    @Test
    void theDigestAppendsTheDpDigestAndIsUnchangedWithoutIt() throws Exception {
        RoundConfig plain = cohort(1, null).config;
        RoundConfig bound = cohort(1, DECLARED).config;
        byte[] input = SpecBytes.configDigestInput(plain.toProto());
        assertArrayEquals(SpecBytes.sha256(input), plain.digest(), "no DP: the digest of section 3 as before");
        ByteArrayOutputStream withDp = new ByteArrayOutputStream();
        withDp.writeBytes(input);
        withDp.writeBytes(ClientDpDigest.of(DECLARED));
        assertArrayEquals(SpecBytes.sha256(withDp.toByteArray()), bound.digest());
        assertArrayEquals(ClientDpDigest.of(DECLARED), bound.clientDpDigest());
        assertFalse(plain.hasClientDpDigest());
        assertEquals(0, plain.clientDpDigest().length);
        assertArrayEquals(bound.digest(), RoundConfig.fromProto(bound.toProto()).digest(), "survives the wire");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 31, 33, 64})
    void aDpDigestOfAnotherLengthIsAnInvalidConfig(int length) {
        RoundConfig plain = cohort(2, null).config;
        SecAggViolation fromWire = assertThrows(
                SecAggViolation.class,
                () -> RoundConfig.fromProto(plain.toProto().toBuilder()
                        .setClientDpDigest(ByteString.copyFrom(new byte[length]))
                        .build()));
        assertEquals(SecAggAbortReason.INVALID_CONFIG, fromWire.reason());
        assertTrue(fromWire.getMessage().contains("client-level DP digest has " + length + " bytes"));
        SecAggViolation built = assertThrows(SecAggViolation.class, () -> plain.withClientDpDigest(new byte[length]));
        assertEquals(SecAggAbortReason.INVALID_CONFIG, built.reason());
    }

    @Test
    void anHonestDpRoundCompletes() {
        Cohort c = cohort(3, DECLARED).withRandomInputs();
        Harness h = new Harness(c).start();
        while (!h.coordinator.stage().isTerminal()) {
            h.deliverAll();
        }
        assertEquals(SecAggStage.COMPLETED, h.coordinator.stage());
        assertArrayEquals(c.sumOf(c.ids()), h.coordinator.unmaskedSum().orElseThrow());
    }

    /**
     * One member is handed other parameters (less noise; or none declared at all) than the cohort: the coordinator
     * checking under the cohort's configuration refuses its keys, and the round completes without its update.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aMemberHandedOtherDpParametersIsLeftOutOfTheSum(boolean otherParameters) {
        Cohort c = cohort(4, DECLARED).withRandomInputs();
        int odd = c.ids().get(2);
        Cohort told = cohort(4, otherParameters ? LITTLE_NOISE : null).withRandomInputs();
        assertFalse(java.util.Arrays.equals(c.config.digest(), told.config.digest()));
        c.participants.put(odd, told.participant(odd));
        c.inputs.put(odd, told.inputs.get(odd));
        Harness h = new Harness(c).start();
        assertEquals(1, h.rejections.size());
        assertEquals(SecAggAbortReason.INVALID_SIGNATURE, h.rejections.get(0).reason());
        assertEquals(odd, h.rejections.get(0).senderId());
        while (!h.coordinator.stage().isTerminal()) {
            h.deliverAll(Set.of(odd));
        }
        List<Integer> others = new ArrayList<>(c.ids());
        others.remove((Integer) odd);
        assertEquals(SecAggStage.COMPLETED, h.coordinator.stage());
        assertArrayEquals(c.sumOf(others), h.coordinator.unmaskedSum().orElseThrow());
        assertNotEquals(SecAggStage.COMPLETED, c.participant(odd).stage());
    }

    /**
     * A coordinator that passes the odd member's keys on anyway: every honest member verifies them against its own
     * digest and aborts; and the odd member, verifying the others' keys against its digest, aborts too.
     */
    @Test
    void forwardedKeysSignedUnderOtherDpParametersAbortEveryoneWhoSeesThem() {
        Cohort c = cohort(5, DECLARED).withoutInputs();
        int odd = c.ids().get(2);
        SecAggParticipant misled = cohort(5, LITTLE_NOISE).withoutInputs().participant(odd);
        SecAggMessage oddKeys = misled.start().get(0);
        Harness h = new Harness(c).runUntilCoordinatorIn(SecAggStage.SHARE_KEYS);
        int victim = c.ids().get(0);
        SecAggMessage m = h.pending(victim);
        KeyList.Builder list = m.getKeyList().toBuilder();
        for (int i = 0; i < list.getEntriesCount(); i++) {
            if (list.getEntries(i).getParticipantId() == odd) {
                list.setEntries(i, list.getEntries(i).toBuilder().setKeys(oddKeys.getAdvertiseKeys()));
            }
        }
        KeyList forged = list.build();
        List<SecAggMessage> replies =
                h.deliverTo(victim, m.toBuilder().setKeyList(forged).build());
        assertAborted(c.participant(victim), replies);

        // The misled member gets the honest members' keys, signed over the cohort's digest.
        List<SecAggMessage> its = misled.handle(
                m.toBuilder().setKeyList(forged).setRoundId(c.config.roundId()).build());
        assertAborted(misled, its);
    }

    private static void assertAborted(SecAggParticipant p, List<SecAggMessage> replies) {
        assertEquals(SecAggStage.ABORTED, p.stage(), () -> "participant " + p.id() + " did not abort: " + replies);
        assertEquals(
                SecAggAbortReason.INVALID_SIGNATURE,
                p.abortReason().orElseThrow().getReason(),
                p.abortReason().orElseThrow().getDetail());
        assertEquals(1, replies.size());
        assertTrue(replies.get(0).hasAbort());
    }
}
