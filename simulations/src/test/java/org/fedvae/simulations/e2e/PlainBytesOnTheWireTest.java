package org.fedvae.simulations.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.federation.CoordinatorConfig;
import org.fedvae.coordinator.federation.FederationCoordinator;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.participant.federation.FederationParticipant;
import org.fedvae.participant.federation.LocalUpdate;
import org.fedvae.participant.federation.ParticipantConfig;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.transport.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Captures every byte participants send to the coordinator (plain TCP through a relay, so the
 * capture is what the coordinator itself reads) and looks for any 16-byte window of any
 * participant's plain encoded update. With secure aggregation there is none; the control run
 * without it finds every participant's update, which shows the search would notice a leak.
 */
@Timeout(300)
class PlainBytesOnTheWireTest {

    private static final int SITES = 3;
    private static final int WINDOW_WORDS = 4;

    @Test
    void noWindowOfAPlainUpdateCrossesTheWireWithSecureAggregation() throws Exception {
        Map<String, LocalUpdate> updates = runOneRound(true);
        assertEquals(SITES, updates.size());
        for (Map.Entry<String, LocalUpdate> e : updates.entrySet()) {
            assertEquals(
                    0, windowsFound(e.getValue().encoded(), captured), e.getKey() + "'s plain update is on the wire");
        }
    }

    /**
     * The control: without secure aggregation the search finds every window of every update. A
     * fourth site that did not consent to an unmasked round 1 declines: it never trains, nothing of it is
     * in the aggregate, and the other three complete the round.
     */
    @Test
    void controlWithoutSecureAggregationTheSearchFindsEveryUpdate() throws Exception {
        Map<String, LocalUpdate> updates = runOneRound(false);
        assertEquals(SITES, updates.size());
        assertEquals(List.of("site-1", "site-2", "site-3"), lastRound.metrics().survivors());
        assertEquals(4, lastRound.metrics().cohort().size());
        for (Map.Entry<String, LocalUpdate> e : updates.entrySet()) {
            assertEquals(
                    distinctWindows(e.getValue().encoded()),
                    windowsFound(e.getValue().encoded(), captured),
                    e.getKey());
        }
    }

    private List<byte[]> captured;
    private Recorder.Finished lastRound;

    private Map<String, LocalUpdate> runOneRound(boolean secure) throws Exception {
        int sites = secure ? SITES : SITES + 1; // the control has a site that refuses unmasked rounds
        PlaintextFederation fed = PlaintextFederation.of(sites);
        Map<String, Ed25519KeyPair> identities = fed.identities();
        RoundPolicy policy = PlaintextFederation.oneRound(sites, secure);
        CoordinatorConfig config = fed.coordinator(policy)
                .initialModel(new Vae(VaeConfig.defaults(3)).parameters())
                .build();
        Recorder rec = new Recorder();
        ExecutorService training = Executors.newFixedThreadPool(2);
        List<FederationParticipant> participants = new ArrayList<>();
        try (FederationCoordinator coordinator = FederationCoordinator.start(config, rec);
                CapturingRelay relay = new CapturingRelay(
                        new InetSocketAddress("127.0.0.1", ((Endpoint.Tcp) coordinator.endpoint()).port()))) {
            int index = 40;
            for (Map.Entry<String, Ed25519KeyPair> e : identities.entrySet()) {
                ParticipantConfig.Builder b = fed.participant(
                                e.getKey(), relay.port(), TestData.train(index, 64), TestData.test(index, 16))
                        .trainingExecutor(training);
                if (!secure && !e.getKey().equals("site-4")) {
                    b.allowPlainRound(1); // consent to exactly the comparison round
                }
                participants.add(
                        FederationParticipant.start(b.build(), rec.participant(e.getKey(), Recorder.StageHook.NONE)));
                index++;
            }
            Recorder.Finished f = rec.nextRound();
            lastRound = f;
            assertTrue(f.metrics().completed(), f.metrics().toString());
            assertEquals(1L, coordinator.finished().get(60, TimeUnit.SECONDS));
            for (FederationParticipant p : participants) {
                p.finished().get(60, TimeUnit.SECONDS);
            }
            captured = relay.captured();
            long total = captured.stream().mapToLong(b -> b.length).sum();
            assertTrue(total > SITES * 4L * f.model().size(), "the relay captured only " + total + " bytes");
            Map<String, LocalUpdate> updates = new TreeMap<>();
            rec.updates.forEach((id, byRound) -> updates.put(id, byRound.get(1L)));
            return updates;
        } finally {
            participants.forEach(FederationParticipant::close);
            training.shutdownNow();
        }
    }

    /** One 16-byte window: four consecutive words of an encoded update. */
    private record Window(int a, int b, int c, int d) {}

    private static java.util.Set<Window> windows(int[] words) {
        java.util.Set<Window> all = new java.util.HashSet<>();
        for (int i = 0; i + WINDOW_WORDS <= words.length; i++) {
            all.add(new Window(words[i], words[i + 1], words[i + 2], words[i + 3]));
        }
        return all;
    }

    /**
     * How many of the update's distinct word-aligned 16-byte windows (little-endian, as packed on
     * the wire) occur anywhere in the capture, at any byte offset.
     */
    static int windowsFound(int[] words, List<byte[]> streams) {
        java.util.Set<Window> wanted = windows(words);
        // A cheap first filter on the first 8 bytes, then the exact window.
        long[] prefixes = wanted.stream()
                .mapToLong(w -> (w.a() & 0xFFFF_FFFFL) | ((long) w.b() << 32))
                .sorted()
                .toArray();
        java.util.Set<Window> found = new java.util.HashSet<>();
        for (byte[] s : streams) {
            ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off + 16 <= s.length; off++) {
                if (Arrays.binarySearch(prefixes, b.getLong(off)) >= 0) {
                    Window w = new Window(b.getInt(off), b.getInt(off + 4), b.getInt(off + 8), b.getInt(off + 12));
                    if (wanted.contains(w)) {
                        found.add(w);
                    }
                }
            }
        }
        return found.size();
    }

    static int distinctWindows(int[] words) {
        return windows(words).size();
    }
}
