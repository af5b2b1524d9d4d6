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
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.random.Seeds;
import org.fedvae.protocol.secagg.InMemoryRound;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.secagg.graph.GraphParameters;
import org.fedvae.protocol.secagg.graph.GraphRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmarks one complete secure-aggregation round of the real state machines in one process and
 * prints one JSON line. Updates are random (training is not part of the benchmark); each
 * participant's time covers encoding its update and every protocol step it performs. Dropouts
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

    private static final float CLIP = 0.1f;
    private static final int MAX_WEIGHT = 600;

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
        Outcome o = runRound(2, degree, t, params, encoding, identities, keyRandom);
        System.err.println();

        String json = String.format(
                Locale.ROOT,
                "{\"participants\":%d,\"params\":%d,\"dropout\":%s,\"dropped\":%d,\"dropout_stage\":\"%s\",\"degree\":%d,\"threshold\":%d,"
                        + "\"outcome\":\"%s\",\"participant_ms\":%.1f,\"participant_encode_ms\":%.1f,\"participant_max_ms\":%.1f,"
                        + "\"coordinator_ms\":%.1f,\"bytes_up_per_participant\":%d,\"expansion\":%.5f,"
                        + "\"scale_bits\":%d,\"max_abs_error\":%.3g,\"error_bound\":%.3g,\"wall_ms\":%.0f}",
                participants,
                params,
                dropout,
                o.dropped,
                dropoutStage,
                degree,
                t,
                o.outcome,
                o.participantMedianMs,
                o.encodeMedianMs,
                o.participantMaxMs,
                o.coordinatorMs,
                o.bytesUp,
                o.bytesUp / (4.0 * params),
                encoding.scaleBits(),
                o.maxAbsError,
                o.errorBound,
                o.wallMs);
        System.out.println(json);
        return o.outcome == SecAggStage.COMPLETED || o.dropped > participants - t ? 0 : 1;
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

    private record Outcome(
            SecAggStage outcome,
            int dropped,
            double participantMedianMs,
            double encodeMedianMs,
            double participantMaxMs,
            double coordinatorMs,
            long bytesUp,
            double maxAbsError,
            double errorBound,
            double wallMs) {}

    /** One round; degree 0 is the complete graph. */
    private Outcome runRound(
            long roundId,
            int degree,
            int t,
            int length,
            EncodingConfig encoding,
            Map<Integer, Ed25519KeyPair> identities,
            SecureRandom random)
            throws SecAggViolation {
        long wall0 = System.nanoTime();
        Map<Integer, byte[]> enrolled = new TreeMap<>();
        identities.forEach((id, kp) -> enrolled.put(id, kp.publicKey()));
        RoundConfig config = degree == 0
                ? RoundConfig.of(roundId, t, length, encoding, enrolled)
                : RoundConfig.sparse(roundId, degree, t, length, encoding, enrolled, GraphRule.DEFAULT);

        Random r = new Random(Seeds.mix(seed, roundId));
        List<Integer> ids = new ArrayList<>(identities.keySet());
        List<Integer> shuffled = new ArrayList<>(ids);
        java.util.Collections.shuffle(shuffled, r);
        int dropCount = (int) Math.round(dropout * identities.size());
        Map<Integer, SecAggStage> dropAt = new HashMap<>();
        shuffled.subList(0, dropCount).forEach(id -> dropAt.put(id, dropoutStage));
        boolean inputInSum = dropoutStage.ordinal() > SecAggStage.MASKED_INPUT.ordinal();

        // The "training" result of every participant, and the exact weighted average to check against.
        List<SecAggParticipant> machines = new ArrayList<>();
        Map<Integer, Long> encodeNanos = new HashMap<>();
        double[] expected = new double[length];
        long totalWeight = 0;
        int contributors = 0;
        float[] delta = new float[length];
        for (int id : ids) {
            progress("round " + roundId + ": encoding update of participant " + id + "/" + identities.size());
            for (int i = 0; i < length; i++) {
                delta[i] = (float) (0.02 * r.nextGaussian());
            }
            int weight = 100 + r.nextInt(2 * MAX_WEIGHT);
            SecAggParticipant p =
                    new SecAggParticipant(config, id, identities.get(id).privateKey(), random);
            long e0 = System.nanoTime();
            p.submitEncodedInput(UpdateEncoder.encode(delta, weight, encoding, RoundingSource.freshFrom(random))
                    .words());
            encodeNanos.put(id, System.nanoTime() - e0);
            machines.add(p);
            if (!dropAt.containsKey(id) || inputInSum) {
                int w = Math.min(weight, MAX_WEIGHT);
                totalWeight += w;
                contributors++;
                for (int i = 0; i < length; i++) {
                    expected[i] += (double) w * Math.max(-CLIP, Math.min(CLIP, delta[i]));
                }
            }
        }
        SecAggCoordinator coordinator = new SecAggCoordinator(config);
        InMemoryRound.Result result = new InMemoryRound(coordinator, machines, dropAt, true, false, System::nanoTime)
                .onStage(s -> progress("round " + roundId + ": coordinator in " + s))
                .run();

        double maxAbsError = Double.NaN;
        double bound = Double.NaN;
        if (coordinator.stage() == SecAggStage.COMPLETED) {
            float[] average = coordinator.averageUpdate().orElseThrow();
            bound = encoding.quantizationBound(contributors, totalWeight);
            maxAbsError = 0;
            for (int i = 0; i < length; i++) {
                maxAbsError = Math.max(maxAbsError, Math.abs(average[i] - expected[i] / totalWeight));
            }
            if (maxAbsError > bound) {
                throw new IllegalStateException("decoded average is off by " + maxAbsError + ", bound " + bound);
            }
        }
        List<Long> totals = new ArrayList<>();
        List<Long> encodes = new ArrayList<>();
        long bytes = 0;
        for (int id : ids) {
            if (result.participantStages().get(id) == SecAggStage.COMPLETED) {
                totals.add(result.participantNanos().get(id) + encodeNanos.get(id));
                encodes.add(encodeNanos.get(id));
                bytes += result.bytesUp().get(id);
            }
        }
        return new Outcome(
                coordinator.stage(),
                dropCount,
                median(totals),
                median(encodes),
                totals.isEmpty() ? Double.NaN : java.util.Collections.max(totals) / 1e6,
                result.coordinatorNanos() / 1e6,
                totals.isEmpty() ? 0 : bytes / totals.size(),
                maxAbsError,
                bound,
                (System.nanoTime() - wall0) / 1e6);
    }

    private static double median(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
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
