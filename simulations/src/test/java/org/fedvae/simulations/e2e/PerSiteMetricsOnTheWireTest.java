package org.fedvae.simulations.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.federation.CoordinatorConfig;
import org.fedvae.coordinator.federation.FederationCoordinator;
import org.fedvae.coordinator.federation.RoundMetrics;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.participant.federation.FederationParticipant;
import org.fedvae.participant.federation.LocalUpdate;
import org.fedvae.participant.federation.ParticipantConfig;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.transport.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9: a site's evaluation (its test loss of the model the coordinator chose, its test-set size)
 * and its clip count reach the coordinator only as cohort totals. Real participants and coordinator
 * over plain TCP through a relay that records every byte the coordinator receives; the record is
 * searched for each site's own numbers in the encodings that could carry them: the loss as a little-
 * and big-endian double, the protocol-version-1 LocalReport body (loss, count and clip count in
 * protobuf), and the site's own trailer words (loss-sum limbs, count, clip count) as they would
 * travel unmasked. (Needles are 8 bytes or more: a 4-byte one would match the megabytes of uniformly
 * masked words by chance.) The controls show that the same search finds them: in bytes planted
 * into the real record, and on the wire of a comparison round without secure aggregation.
 */
@Timeout(300)
class PerSiteMetricsOnTheWireTest {

    private static final int[] TEST_IMAGES = {12, 16, 20};

    @Test
    void withSecureAggregationNoSitesNumbersReachTheCoordinatorYetTheFederatedLossIsTheirWeightedMean()
            throws Exception {
        Run run = runOneRound(true);
        for (Map.Entry<String, LocalUpdate> e : run.updates.entrySet()) {
            for (Needle n : needles(e.getValue())) {
                assertEquals(0, occurrences(n.bytes, run.captured), e.getKey() + ": its " + n.what + " is on the wire");
            }
        }
        assertFederatedEvaluationIsTheCohortTotal(run);
    }

    /** The search is not blind: each site's numbers planted at random offsets into the real record are all found. */
    @Test
    void controlTheSearchFindsEachSitesNumbersWhenPlanted() throws Exception {
        Run run = runOneRound(true);
        long seed = new SecureRandom().nextLong();
        Random random = new Random(seed);
        for (Map.Entry<String, LocalUpdate> e : run.updates.entrySet()) {
            for (Needle n : needles(e.getValue())) {
                List<byte[]> planted = plant(run.captured, n.bytes, random);
                assertEquals(
                        1, occurrences(n.bytes, planted), "seed " + seed + ": " + e.getKey() + "'s planted " + n.what);
            }
        }
    }

    /**
     * The control on the wire: in a comparison round the sites consented to, each unmasked update
     * carries its site's trailer words, and the search finds them; the metrics still come from the sum.
     */
    @Test
    void controlWithoutSecureAggregationTheSearchFindsEachSitesTrailerWords() throws Exception {
        Run run = runOneRound(false);
        for (Map.Entry<String, LocalUpdate> e : run.updates.entrySet()) {
            Needle trailer = trailerWords(e.getValue());
            assertEquals(1, occurrences(trailer.bytes, run.captured), e.getKey() + ": " + trailer.what);
        }
        assertFederatedEvaluationIsTheCohortTotal(run);
    }

    private static void assertFederatedEvaluationIsTheCohortTotal(Run run) {
        RoundMetrics m = run.metrics;
        assertTrue(m.completed(), m.toString());
        assertEquals(List.copyOf(run.updates.keySet()), m.survivors());
        double weighted = 0;
        long samples = 0;
        long clipped = 0;
        for (LocalUpdate u : run.updates.values()) {
            assertTrue(Double.isFinite(u.testLoss()) && u.testSamples() > 0, u.toString());
            weighted += u.testLoss() * u.testSamples();
            samples += u.testSamples();
            clipped += u.clipped();
        }
        assertEquals(Arrays.stream(TEST_IMAGES).sum(), samples);
        assertEquals(samples, m.testSamples(), "the test samples are the cohort's total");
        assertEquals(clipped, m.clippedCoordinates(), "the clip count is the cohort's total");
        double exact = weighted / samples;
        double bound = EncodingConfig.evaluationBound(run.updates.size(), samples);
        assertTrue(
                Math.abs(m.testLoss() - exact) <= bound,
                "federated loss " + m.testLoss() + ", weighted mean of the sites' losses " + exact + ", bound "
                        + bound);
    }

    private record Needle(String what, byte[] bytes) {}

    /** Every encoding of one site's own numbers that the search looks for. */
    private static List<Needle> needles(LocalUpdate u) {
        double loss = u.testLoss();
        List<Needle> out = new ArrayList<>();
        out.add(new Needle(
                "test loss as a little-endian double",
                ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putDouble(loss)
                        .array()));
        out.add(new Needle(
                "test loss as a big-endian double",
                ByteBuffer.allocate(8).putDouble(loss).array()));
        out.add(new Needle(
                "version-1 LocalReport (loss, count, clip count)", localReportV1(loss, u.testSamples(), u.clipped())));
        out.add(trailerWords(u));
        return out;
    }

    /** The site's loss-sum limbs, count and clip-count limbs as five little-endian words: its trailer, unmasked. */
    private static Needle trailerWords(LocalUpdate u) {
        int at = VectorLayout.dimension(u.encoded().length);
        ByteBuffer b = ByteBuffer.allocate(4 * (VectorLayout.CLIP_HI - VectorLayout.LOSS_LO + 1))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int k = VectorLayout.LOSS_LO; k <= VectorLayout.CLIP_HI; k++) {
            b.putInt(u.encoded()[at + k]);
        }
        assertEquals(
                u.testSamples(), u.encoded()[at + VectorLayout.EVAL_COUNT], "the count word is the site's test count");
        assertEquals(u.clipped(), VectorLayout.clipCount(u.encoded()));
        return new Needle("trailer words (loss sum, count, clip count)", b.array());
    }

    /** What protocol version 1 sent: LocalReport{test_loss = 1 (double), test_samples = 2, clipped_coordinates = 3}. */
    private static byte[] localReportV1(double loss, int samples, int clipped) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x09);
        out.writeBytes(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(loss)
                .array());
        out.write(0x10);
        varint(out, samples);
        out.write(0x18);
        varint(out, clipped);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** How many times {@code needle} occurs in the streams, at any byte offset. */
    static int occurrences(byte[] needle, List<byte[]> streams) {
        int found = 0;
        for (byte[] s : streams) {
            for (int off = 0; off + needle.length <= s.length; off++) {
                if (Arrays.equals(s, off, off + needle.length, needle, 0, needle.length)) {
                    found++;
                }
            }
        }
        return found;
    }

    /** A copy of the record with {@code needle} inserted once, at a random offset of a random stream. */
    private static List<byte[]> plant(List<byte[]> streams, byte[] needle, Random random) {
        List<byte[]> out = new ArrayList<>(streams);
        int which = random.nextInt(out.size());
        byte[] s = out.get(which);
        int at = random.nextInt(s.length + 1);
        byte[] planted = new byte[s.length + needle.length];
        System.arraycopy(s, 0, planted, 0, at);
        System.arraycopy(needle, 0, planted, at, needle.length);
        System.arraycopy(s, at, planted, at + needle.length, s.length - at);
        out.set(which, planted);
        return out;
    }

    private record Run(List<byte[]> captured, Map<String, LocalUpdate> updates, RoundMetrics metrics) {}

    /** One round of three sites with different test-set sizes; without secure aggregation each consents to round 1. */
    private static Run runOneRound(boolean secure) throws Exception {
        PlaintextFederation fed = PlaintextFederation.of(TEST_IMAGES.length);
        Map<String, Ed25519KeyPair> identities = fed.identities();
        RoundPolicy policy = PlaintextFederation.oneRound(TEST_IMAGES.length, secure);
        CoordinatorConfig config = fed.coordinator(policy)
                .initialModel(new Vae(VaeConfig.defaults(5)).parameters())
                .build();
        Recorder rec = new Recorder();
        ExecutorService training = Executors.newFixedThreadPool(2);
        List<FederationParticipant> participants = new ArrayList<>();
        try (FederationCoordinator coordinator = FederationCoordinator.start(config, rec);
                CapturingRelay relay = new CapturingRelay(
                        new InetSocketAddress("127.0.0.1", ((Endpoint.Tcp) coordinator.endpoint()).port()))) {
            int site = 0;
            for (Map.Entry<String, Ed25519KeyPair> e : identities.entrySet()) {
                ParticipantConfig.Builder b = fed.participant(
                                e.getKey(),
                                relay.port(),
                                TestData.train(60 + site, 64),
                                TestData.test(60 + site, TEST_IMAGES[site]))
                        .trainingExecutor(training);
                if (!secure) {
                    b.allowPlainRound(1);
                }
                participants.add(
                        FederationParticipant.start(b.build(), rec.participant(e.getKey(), Recorder.StageHook.NONE)));
                site++;
            }
            Recorder.Finished f = rec.nextRound();
            assertEquals(1L, coordinator.finished().get(60, TimeUnit.SECONDS));
            for (FederationParticipant p : participants) {
                p.finished().get(60, TimeUnit.SECONDS);
            }
            Map<String, LocalUpdate> updates = new TreeMap<>();
            rec.updates.forEach((id, byRound) -> updates.put(id, byRound.get(1L)));
            assertEquals(TEST_IMAGES.length, updates.size());
            return new Run(relay.captured(), updates, f.metrics());
        } finally {
            participants.forEach(FederationParticipant::close);
            training.shutdownNow();
        }
    }
}
