package org.fedvae.protocol.vectors;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * One round to record: cohort, threshold, encoding, each participant's update and evaluation (the
 * loss and test count that ride in the trailer words), and who drops where. A participant that
 * drops at stage S never receives the coordinator message it would answer with S's message, nor
 * anything later.
 */
public record RoundScenario(
        String name,
        String description,
        long roundId,
        int threshold,
        EncodingConfig encoding,
        SortedMap<Integer, float[]> deltas,
        SortedMap<Integer, Integer> weights,
        SortedMap<Integer, LocalEvaluation> evaluations,
        Map<Integer, SecAggStage> dropAt) {

    /** The vector length of every update. */
    public int vectorLength() {
        return deltas.values().iterator().next().length;
    }

    /** The enrolled identity of a participant: the same in every scenario, as enrolment is once per site. */
    public static Ed25519KeyPair identity(int id) {
        return Ed25519KeyPair.generate(DeterministicRandom.of("vectors/identity/" + id));
    }

    /** The label whose SHA-256 counter stream is participant {@code id}'s SecureRandom in this scenario. */
    public String participantSeedLabel(int id) {
        return "vectors/transcript/" + name + "/participant/" + id;
    }

    /** The three rounds of the transcript files: 4 participants, t = 3, 6 parameters. */
    public static RoundScenario[] standard() {
        EncodingConfig encoding = new EncodingConfig(0.5f, 16, 1000, 4);
        SortedMap<Integer, float[]> deltas = new TreeMap<>();
        deltas.put(3, new float[] {0.01f, -0.02f, 0.125f, -0.5f, 0.7f, 0f});
        deltas.put(17, new float[] {-0.3f, 0.25f, 1e-6f, -1e-6f, 0.499f, -0.75f});
        deltas.put(42, new float[] {0.5f, -0.5f, 0.0625f, 0.1f, -0.1f, 0.3333f});
        deltas.put(1000, new float[] {0.2f, 0.2f, -0.2f, 2.5f, -0.0001f, 0.05f});
        SortedMap<Integer, Integer> weights = new TreeMap<>();
        weights.put(3, 120);
        weights.put(17, 300);
        weights.put(42, 1500);
        weights.put(1000, 7);
        SortedMap<Integer, LocalEvaluation> evaluations = new TreeMap<>();
        evaluations.put(3, new LocalEvaluation(201.75, 30));
        evaluations.put(17, new LocalEvaluation(188.123456, 75));
        evaluations.put(42, new LocalEvaluation(174.5, 1200)); // count capped at max_weight 1000
        evaluations.put(1000, new LocalEvaluation(Double.NaN, 2)); // diverged: counts out
        return new RoundScenario[] {
            new RoundScenario(
                    "no-dropout",
                    "every participant completes every stage",
                    7,
                    3,
                    encoding,
                    deltas,
                    weights,
                    evaluations,
                    Map.of()),
            new RoundScenario(
                    "dropout-before-masked-input",
                    "participant 42 sends its shares but never its masked input (it never receives RoutedShares); "
                            + "the coordinator's deadline closes the MaskedInput stage and 42's pairwise masks are "
                            + "removed with its reconstructed s_sk",
                    8,
                    3,
                    encoding,
                    deltas,
                    weights,
                    evaluations,
                    Map.of(42, SecAggStage.MASKED_INPUT)),
            new RoundScenario(
                    "dropout-before-unmasking",
                    "participant 17 sends its masked input and consistency signature but never its unmasking "
                            + "response (it never receives the UnmaskingRequest); its input is in the sum and its "
                            + "self mask is removed with its reconstructed seed b",
                    9,
                    3,
                    encoding,
                    deltas,
                    weights,
                    evaluations,
                    Map.of(17, SecAggStage.UNMASKING)),
        };
    }
}
