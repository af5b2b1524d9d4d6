package org.fedvae.simulations;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.random.Seeds;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.secagg.graph.GraphParameters;
import org.fedvae.protocol.secagg.graph.GraphRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmarks one complete secure-aggregation round of the real state machines in one process and
 * prints one JSON line. Updates are random (training is not part of the benchmark), drawn when a
 * participant's RoutedShares reaches it, so memory does not grow with n times the vector
 * ({@link SecaggBenchRound}). Every participant runs and is timed: participant_ms is the median, over the
 * participants that completed, of the time inside all its protocol calls (key agreement, shares,
 * masking, signatures; messages are serialized and parsed outside it) plus encoding its update;
 * participant_cpu_ms the same with the thread's CPU time for the protocol calls (less sensitive to other load);
 * coordinator_cpu_ms is the CPU time of the coordinator's calls plus that of its unmasking pool.
 * The coordinator's unmasked sum is compared word for word with the survivors' encoded inputs. Dropouts
 * happen at --dropout-stage (by default just before the masked input, the costliest case for the
 * coordinator, which must regenerate the dropped participants' pairwise masks with every
 * survivor). An untimed warm-up round with a smaller cohort runs first so that the JIT has
 * compiled the hot loops.
 */
@Command(
        name = "bench-secagg",
        mixinStandardHelpOptions = true,
        description =
                "Time one secure-aggregation round (state machines only, in one process) and print one JSON line.")
public final class BenchSecaggCommand implements Callable<Integer> {

    @Option(
            names = "--participants",
            defaultValue = "100",
            description = "Cohort size n (2..65537; above 255 the SecAgg+ sparse graph with GraphRule.DEFAULT's degree"
                    + " and threshold). Default: ${DEFAULT-VALUE}.")
    int participants;

    @Option(
            names = "--dropout",
            defaultValue = "0.1",
            description = "Fraction of the cohort that drops out. Default: ${DEFAULT-VALUE}.")
    double dropout;

    @Option(
            names = "--params",
            defaultValue = "652824",
            description = "Model parameters per update. Default: ${DEFAULT-VALUE}.")
    int params;

    @Option(
            names = "--threshold",
            description = "Shamir threshold t (per neighbourhood with the sparse graph). Default: floor(2n/3)+1, or"
                    + " the parameter rule's for the sparse graph.")
    Integer threshold;

    @Option(
            names = "--dropout-stage",
            defaultValue = "MASKED_INPUT",
            description =
                    "Stage whose message the dropouts never send: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    SecAggStage dropoutStage;

    @Option(
            names = "--warmup-participants",
            defaultValue = "20",
            description = "Cohort size of the untimed warm-up round on full-length vectors, capped at --participants "
                    + "(0: no warm-up). Default: ${DEFAULT-VALUE}.")
    int warmupParticipants;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed for updates, weights and who drops. Default: ${DEFAULT-VALUE}.")
    long seed;

    private static final float CLIP = SecaggBenchRound.CLIP;
    private static final int MAX_WEIGHT = SecaggBenchRound.MAX_WEIGHT;

    @Override
    public Integer call() throws SecAggViolation {
        if (participants < 2 || participants > RoundConfig.MAX_SPARSE_COHORT) {
            throw new IllegalArgumentException("--participants must be in 2.." + RoundConfig.MAX_SPARSE_COHORT);
        }
        if (!(dropout >= 0 && dropout < 1) || params < 1) {
            throw new IllegalArgumentException("--dropout must be in [0, 1) and --params positive");
        }
        if (dropoutStage.isTerminal()) {
            throw new IllegalArgumentException("--dropout-stage must be one of the five protocol stages");
        }
        Optional<GraphParameters> graph = GraphRule.DEFAULT.forCohort(participants);
        int degree = graph.map(GraphParameters::degree).orElse(0);
        int t = threshold != null
                ? threshold
                : graph.map(GraphParameters::threshold).orElse(RoundConfig.defaultThreshold(participants));
        EncodingConfig encoding = encoding(participants);
        SecureRandom keyRandom = new SecureRandom();
        Map<Integer, Ed25519KeyPair> identities = new TreeMap<>();
        for (int id = 1; id <= participants; id++) {
            identities.put(id, Ed25519KeyPair.generate(keyRandom));
        }
        int warmup = Math.min(warmupParticipants, participants);
        if (warmup >= 2) {
            // Same vector length, so the JIT has compiled the hot loops for the sizes that are timed.
            Map<Integer, Ed25519KeyPair> few = new TreeMap<>(identities.entrySet().stream()
                    .limit(warmup)
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            runRound(1, 0, RoundConfig.defaultThreshold(warmup), params, encoding(warmup), few, keyRandom);
        }
        SecaggBenchRound.Outcome o = runRound(2, degree, t, params, encoding, identities, keyRandom);
        System.err.println();

        String json = String.format(
                Locale.ROOT,
                "{\"participants\":%d,\"params\":%d,\"dropout\":%s,\"dropped\":%d,\"dropout_stage\":\"%s\",\"degree\":%d,\"threshold\":%d,"
                        + "\"outcome\":\"%s\",\"participant_ms\":%.1f,\"participant_encode_ms\":%.1f,\"participant_max_ms\":%.1f,\"participant_cpu_ms\":%.1f,"
                        + "\"coordinator_ms\":%.1f,\"coordinator_cpu_ms\":%.1f,\"bytes_up_per_participant\":%d,\"expansion\":%.5f,"
                        + "\"scale_bits\":%d,\"exact_sum\":%s,\"max_abs_error\":%.3g,\"error_bound\":%.3g,\"unmask_workers\":%d,\"wall_ms\":%.0f}",
                participants,
                params,
                dropout,
                o.dropped(),
                dropoutStage,
                degree,
                t,
                o.outcome(),
                median(o.participantNanos()),
                median(o.encodeNanos()),
                Arrays.stream(o.participantNanos()).max().orElse(0) / 1e6,
                median(o.participantCpuNanos()),
                o.coordinatorNanos() / 1e6,
                o.coordinatorCpuNanos() / 1e6,
                o.bytesUp(),
                o.bytesUp() / (4.0 * params),
                encoding.scaleBits(),
                o.exact(),
                o.maxAbsError(),
                o.errorBound(),
                SecAggCoordinator.unmaskWorkers(),
                o.wallNanos() / 1e6);
        System.out.println(json);
        return o.outcome() == SecAggStage.COMPLETED || o.dropped() > participants - t ? 0 : 1;
    }

    /** The finest fixed-point scale whose cohort sum cannot wrap (EncodingConfig refuses the rest). */
    private static EncodingConfig encoding(int n) {
        for (int bits = EncodingConfig.MAX_SCALE_BITS; bits >= 0; bits--) {
            try {
                return new EncodingConfig(CLIP, bits, MAX_WEIGHT, n);
            } catch (IllegalArgumentException tooFine) {
                // try a coarser scale
            }
        }
        throw new IllegalStateException("no scale fits " + n + " participants");
    }

    /** One round; degree 0 is the complete graph. */
    private SecaggBenchRound.Outcome runRound(
            long roundId,
            int degree,
            int t,
            int length,
            EncodingConfig encoding,
            Map<Integer, Ed25519KeyPair> identities,
            SecureRandom random)
            throws SecAggViolation {
        Map<Integer, byte[]> enrolled = new TreeMap<>();
        identities.forEach((id, kp) -> enrolled.put(id, kp.publicKey()));
        RoundConfig config = degree == 0
                ? RoundConfig.of(roundId, t, length, encoding, enrolled)
                : RoundConfig.sparse(roundId, degree, t, length, encoding, enrolled, GraphRule.DEFAULT);
        Random r = new Random(Seeds.mix(seed, roundId));
        List<Integer> shuffled = new ArrayList<>(identities.keySet());
        java.util.Collections.shuffle(shuffled, r);
        int dropCount = (int) Math.round(dropout * identities.size());
        Map<Integer, SecAggStage> dropAt = new HashMap<>();
        shuffled.subList(0, dropCount).forEach(id -> dropAt.put(id, dropoutStage));
        return new SecaggBenchRound(config, seed, random, line -> progress("round " + roundId + ": " + line))
                .run(identities, dropAt);
    }

    private static double median(long[] nanos) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] a = nanos.clone();
        Arrays.sort(a);
        int m = a.length / 2;
        return (a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2.0) / 1e6;
    }

    private static void progress(String line) {
        PrintStream err = System.err;
        err.print("\r\033[2K[bench-secagg] " + line);
        err.flush();
    }
}
