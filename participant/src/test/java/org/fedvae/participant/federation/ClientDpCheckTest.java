package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.fedvae.participant.privacy.ClientDpCalibration;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.ddp.ClientDpDigest;
import org.fedvae.protocol.encoding.ddp.ClientDpWire;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.encoding.ddp.DdpPlanner;
import org.fedvae.protocol.proto.ClientDp;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.secagg.RoundConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientDpCheckTest {

    private static final int MODEL = 1000;
    private static final int COHORT = 10;

    @TempDir
    Path dir;

    private static RoundConfig config(long roundId, int vectorLength) throws Exception {
        Map<Integer, byte[]> keys = new TreeMap<>();
        for (int i = 1; i <= COHORT; i++) {
            byte[] key = new byte[32];
            key[0] = (byte) i;
            keys.put(i, key);
        }
        return RoundConfig.of(
                roundId,
                RoundConfig.defaultThreshold(COHORT),
                vectorLength,
                new EncodingConfig(1f, 10, 1000, COHORT),
                keys);
    }

    /** The configuration that binds {@code p} (as the coordinator makes it), masking its padded length. */
    private static RoundConfig config(long roundId, DdpParameters p) throws Exception {
        return bound(config(roundId, p.paddedLength()), p);
    }

    private static RoundConfig bound(RoundConfig config, DdpParameters p) throws Exception {
        return config.withClientDpDigest(ClientDpDigest.of(ClientDpWire.toProto(p)));
    }

    /** Parameters that spend {@code epsilon} per round at delta 1e-5 (calibrated over one round). */
    private static DdpParameters params(double epsilon) {
        return ClientDpCalibration.plan(MODEL, 1.0, RoundConfig.defaultThreshold(COHORT), COHORT, 1, 1e-5, epsilon);
    }

    private static RoundStart start(DdpParameters p, boolean secure) {
        return RoundStart.newBuilder()
                .setSecureAggregation(secure)
                .setClientDp(ClientDpWire.toProto(p))
                .build();
    }

    private ClientDpCheck site(double epsilon) throws IOException {
        return new ClientDpCheck("site-1", new ClientDpBudget(epsilon, 1e-5), ClientDpLedger.open(dir));
    }

    @Test
    void aSiteSpendsItsBudgetAcrossRestartsAndRefusesTheRoundBeyondIt() throws Exception {
        DdpParameters p = params(3.0);
        ClientDpCheck check = site(5.0);
        assertNotNull(check.admit(start(p, true), config(1, p), MODEL));
        double afterOne = check.spent();
        assertTrue(afterOne > 2.9 && afterOne <= 3.0, "" + afterOne);
        ClientDpCheck restarted = site(5.0);
        assertEquals(afterOne, restarted.spent(), 1e-12);
        assertNotNull(restarted.admit(start(p, true), config(2, p), MODEL));
        RoundRefused refused =
                assertThrows(RoundRefused.class, () -> restarted.admit(start(p, true), config(3, p), MODEL));
        assertTrue(refused.getMessage().contains("client-level privacy budget"), refused.getMessage());
        assertTrue(refused.getMessage().contains("above its budget of 5.000"), refused.getMessage());
        assertEquals(2, ClientDpLedger.open(dir).rounds().size(), "a refused round is not recorded");
    }

    @Test
    void aSiteWithABudgetRefusesRoundsWithoutClientDp() throws Exception {
        RoundRefused refused = assertThrows(RoundRefused.class, () -> site(5).admit(
                        RoundStart.newBuilder().setSecureAggregation(true).build(), config(1, MODEL), MODEL));
        assertTrue(refused.getMessage().contains("only takes part in client-level DP rounds"), refused.getMessage());
        ClientDpCheck noBudget = new ClientDpCheck("site-1", null, ClientDpLedger.open(null));
        assertNull(noBudget.admit(
                RoundStart.newBuilder().setSecureAggregation(true).build(), config(1, MODEL), MODEL));
    }

    @Test
    void aSiteThatAssumesColludersWantsNoiseForTheHonestSharesOnly() throws Exception {
        DdpParameters p = params(3.0); // n_min = threshold = 7
        ClientDpCheck wary = new ClientDpCheck("site-1", new ClientDpBudget(10, 1e-5, 2), ClientDpLedger.open(dir));
        RoundRefused refused = assertThrows(RoundRefused.class, () -> wary.admit(start(p, true), config(1, p), MODEL));
        assertTrue(refused.getMessage().contains("as few as 5 honest shares"), refused.getMessage());
        DdpParameters forFive =
                new DdpParameters(MODEL, p.blockSize(), p.clip(), p.scale(), p.noiseStddev(), 5, COHORT);
        assertNotNull(wary.admit(start(forFive, true), config(1, forFive), MODEL));
        assertThrows(IllegalArgumentException.class, () -> new ClientDpBudget(1, 1e-5, -1));
    }

    @Test
    void anUnmaskedDpRoundIsRefused() throws Exception {
        DdpParameters p = params(3.0);
        RoundRefused refused =
                assertThrows(RoundRefused.class, () -> site(10).admit(start(p, false), config(1, p), MODEL));
        assertTrue(refused.getMessage().contains("must use secure aggregation"), refused.getMessage());
    }

    @Test
    void noiseCountingOnMoreContributorsThanTheThresholdIsRefused() throws Exception {
        DdpParameters p = params(3.0);
        DdpParameters tooMany =
                new DdpParameters(MODEL, p.blockSize(), p.clip(), p.scale(), p.noiseStddev(), COHORT, COHORT);
        RoundRefused refused =
                assertThrows(RoundRefused.class, () -> site(10).admit(start(tooMany, true), config(1, tooMany), MODEL));
        assertTrue(refused.getMessage().contains("(the threshold) may be unmasked"), refused.getMessage());
    }

    @Test
    void lengthsAndModulusMustFit() throws Exception {
        DdpParameters p = params(3.0);
        assertThrows(RoundRefused.class, () -> site(10).admit(
                        start(p, true), bound(config(1, p.paddedLength() + 1), p), MODEL));
        assertThrows(RoundRefused.class, () -> site(10).admit(start(p, true), config(1, p), MODEL + 1));
        ClientDp wrongRing =
                ClientDpWire.toProto(p).toBuilder().setModulusBits(31).build();
        RoundStart s = RoundStart.newBuilder()
                .setSecureAggregation(true)
                .setClientDp(wrongRing)
                .build();
        RoundRefused refused = assertThrows(RoundRefused.class, () -> site(10).admit(
                        s, config(1, p.paddedLength()).withClientDpDigest(ClientDpDigest.of(wrongRing)), MODEL));
        assertTrue(refused.getMessage().contains("modulus bits must be 32"), refused.getMessage());
        DdpParameters small = DdpPlanner.plan(MODEL, 1.0, 1.0, 2, 5, 1e-4);
        assertThrows(RoundRefused.class, () -> site(10).admit(start(small, true), config(1, small), MODEL));
    }

    @Test
    void parametersOtherThanTheSignedConfigurationBindsAreRefusedBeforeAnythingIsSpent() throws Exception {
        DdpParameters p = params(3.0);
        DdpParameters lessNoise = new DdpParameters(
                MODEL, p.blockSize(), p.clip(), p.scale(), p.noiseStddev() / 100, p.minContributors(), COHORT);
        ClientDpCheck check = site(1000);
        RoundRefused mismatch =
                assertThrows(RoundRefused.class, () -> check.admit(start(p, true), config(1, lessNoise), MODEL));
        assertTrue(mismatch.getMessage().contains("do not match the client_dp_digest"), mismatch.getMessage());
        RoundRefused unbound =
                assertThrows(RoundRefused.class, () -> check.admit(start(p, true), config(1, p.paddedLength()), MODEL));
        assertTrue(unbound.getMessage().contains("does not bind them"), unbound.getMessage());
        RoundRefused undeclared = assertThrows(RoundRefused.class, () -> new ClientDpCheck(
                        "site-1", null, ClientDpLedger.open(null))
                .admit(RoundStart.newBuilder().setSecureAggregation(true).build(), config(1, p), MODEL));
        assertTrue(undeclared.getMessage().contains("does not carry"), undeclared.getMessage());
        assertEquals(0, ClientDpLedger.open(dir).rounds().size(), "a refused round is not recorded");
        assertNotNull(check.admit(start(p, true), config(1, p), MODEL));
    }

    @Test
    void aDamagedLedgerStopsTheSite() throws Exception {
        DdpParameters p = params(1.0);
        site(10).admit(start(p, true), config(1, p), MODEL);
        Path file = dir.resolve(ClientDpLedger.FILE);
        Files.writeString(file, Files.readString(file).replace("round 0x", "round 0x1"));
        IOException e = assertThrows(IOException.class, () -> ClientDpLedger.open(dir));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }
}
