package org.fedvae.simulations;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.harness.Interceptor;
import org.fedvae.protocol.harness.Interceptors;
import org.fedvae.protocol.harness.SecAggRouter;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.random.Seeds;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * One benchmarked round of the real state machines on the in-memory router, in memory that does not grow with n times
 * the vector: a participant's update is drawn and encoded only when its RoutedShares reaches it (just before it
 * masks), the coordinator adds each masked input into its running sum, and the router keeps no sent messages. The
 * exact sum of the survivors' encoded inputs (mod 2^32) is accumulated on the side and compared with the
 * coordinator's unmasked sum word for word; the decoded average is checked against its quantization bound.
 */
final class SecaggBenchRound {

    static final float CLIP = 0.1f;
    static final int MAX_WEIGHT = 600;

    /** What happened; times in nanoseconds per participant that completed. */
    record Outcome(
            SecAggStage outcome,
            int dropped,
            long[] participantNanos,
            long[] encodeNanos,
            long[] participantCpuNanos,
            long coordinatorNanos,
            long coordinatorCpuNanos,
            long bytesUp,
            boolean exact,
            double maxAbsError,
            double errorBound,
            long wallNanos) {}

    private final RoundConfig config;
    private final EncodingConfig encoding;
    private final long seed;
    private final SecureRandom random;
    private final Consumer<String> progress;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Integer, Long> encodeNanos = new HashMap<>();
    private final Map<Integer, Long> cpuNanos = new HashMap<>();
    private final int[] exactSum;
    private final double[] expected;
    private final List<Integer> contributors = new ArrayList<>();
    private long totalWeight;

    SecaggBenchRound(RoundConfig config, long seed, SecureRandom random, Consumer<String> progress) {
        this.config = config;
        this.encoding = config.encoding();
        this.seed = seed;
        this.random = random;
        this.progress = progress;
        this.exactSum = new int[config.wordCount()];
        this.expected = new double[config.vectorLength()];
    }

    Outcome run(Map<Integer, Ed25519KeyPair> identities, Map<Integer, SecAggStage> dropAt) {
        long wall0 = System.nanoTime();
        Map<Integer, SecAggParticipant> machines = new TreeMap<>();
        identities.forEach((id, kp) -> machines.put(id, new SecAggParticipant(config, id, kp.privateKey(), random)));
        Map<Integer, SecAggRouter.Peer> peers = new TreeMap<>();
        machines.forEach((id, p) -> peers.put(id, cpuTimed(id, SecAggRouter.Peer.of(p))));
        SecAggCoordinator coordinator = new SecAggCoordinator(config);
        int[] handled = {0};
        SecAggRouter router = new SecAggRouter(coordinator, peers)
                .intercept(Interceptors.dropAt(dropAt))
                .intercept(Interceptors.wireRoundTrip())
                .intercept(new Interceptor() {
                    @Override
                    public List<SecAggMessage> downstream(int to, SecAggMessage m) {
                        if (m.hasRoutedShares()) {
                            // Untimed by the router (interceptors run outside the participant's calls); the
                            // encoding alone is timed here and added to the participant's time.
                            giveInput(machines.get(to));
                            if (++handled[0] % 50 == 0) {
                                progress.accept("masked inputs: " + handled[0] + "/" + machines.size());
                            }
                        }
                        return List.of(m);
                    }
                })
                .keepSent(false)
                .clock(System::nanoTime)
                .cpuClock(THREADS::getCurrentThreadCpuTime)
                .onStage(s -> progress.accept("coordinator in " + s));
        long pool0 = unmaskPoolCpuNanos();
        SecAggRouter.Result r = router.run();
        long poolCpu = unmaskPoolCpuNanos() - pool0;

        boolean exact = false;
        double maxAbsError = Double.NaN;
        double bound = Double.NaN;
        if (coordinator.stage() == SecAggStage.COMPLETED) {
            NavigableSet<Integer> survivors = coordinator.survivors().orElseThrow();
            exact = survivors.equals(new TreeSet<>(contributors))
                    && Arrays.equals(coordinator.unmaskedSum().orElseThrow(), exactSum);
            if (!exact) {
                throw new IllegalStateException("the unmasked sum differs from the survivors' encoded inputs");
            }
            float[] average = coordinator.averageUpdate().orElseThrow();
            bound = encoding.quantizationBound(contributors.size(), totalWeight);
            maxAbsError = 0;
            for (int i = 0; i < average.length; i++) {
                maxAbsError = Math.max(maxAbsError, Math.abs(average[i] - expected[i] / totalWeight));
            }
            if (maxAbsError > bound) {
                throw new IllegalStateException("decoded average is off by " + maxAbsError + ", bound " + bound);
            }
        }
        List<Long> totals = new ArrayList<>();
        List<Long> encodes = new ArrayList<>();
        List<Long> cpus = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<Integer, SecAggParticipant> e : machines.entrySet()) {
            int id = e.getKey();
            if (e.getValue().stage() == SecAggStage.COMPLETED) {
                long encode = encodeNanos.getOrDefault(id, 0L);
                totals.add(r.participantNanos().get(id) + encode);
                encodes.add(encode);
                cpus.add(cpuNanos.getOrDefault(id, 0L) + encode);
                bytes += r.bytesUp().get(id);
            }
        }
        return new Outcome(
                coordinator.stage(),
                dropAt.size(),
                totals.stream().mapToLong(Long::longValue).toArray(),
                encodes.stream().mapToLong(Long::longValue).toArray(),
                cpus.stream().mapToLong(Long::longValue).toArray(),
                r.coordinatorNanos(),
                r.coordinatorCpuNanos() + poolCpu,
                totals.isEmpty() ? 0 : bytes / totals.size(),
                exact,
                maxAbsError,
                bound,
                System.nanoTime() - wall0);
    }

    /** CPU time of the coordinator's unmasking pool threads so far (they live for the whole process). */
    private static long unmaskPoolCpuNanos() {
        long total = 0;
        for (java.lang.management.ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals("secagg-unmask")) {
                total += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /**
     * Also counts the CPU time of the participant's calls (this thread's), which other processes on a shared machine
     * inflate far less than the wall time the router measures.
     */
    private SecAggRouter.Peer cpuTimed(int id, SecAggRouter.Peer peer) {
        return new SecAggRouter.Peer() {
            @Override
            public List<SecAggMessage> start() {
                long c0 = THREADS.getCurrentThreadCpuTime();
                List<SecAggMessage> out = peer.start();
                cpuNanos.merge(id, THREADS.getCurrentThreadCpuTime() - c0, Long::sum);
                return out;
            }

            @Override
            public List<SecAggMessage> handle(SecAggMessage m) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                List<SecAggMessage> out = peer.handle(m);
                cpuNanos.merge(id, THREADS.getCurrentThreadCpuTime() - c0, Long::sum);
                return out;
            }
        };
    }

    /** The participant's "training" result: a random update of its own seed, encoded (timed) and submitted. */
    private void giveInput(SecAggParticipant p) {
        int id = p.id();
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, config.roundId(), id));
        float[] delta = new float[config.vectorLength()];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) (0.02 * r.nextGaussian());
        }
        int weight = 100 + r.nextInt(2 * MAX_WEIGHT);
        long e0 = System.nanoTime();
        int[] words = UpdateEncoder.encode(delta, weight, encoding, RoundingSource.freshFrom(random))
                .words();
        encodeNanos.put(id, System.nanoTime() - e0);
        p.submitEncodedInput(words);
        // Everyone handed an input sends it (dropouts before MASKED_INPUT never get here); U3 is checked to match.
        contributors.add(id);
        int w = Math.min(weight, MAX_WEIGHT);
        totalWeight += w;
        for (int i = 0; i < words.length; i++) {
            exactSum[i] += words[i];
        }
        for (int i = 0; i < delta.length; i++) {
            expected[i] += (double) w * Math.max(-CLIP, Math.min(CLIP, delta[i]));
        }
    }
}
