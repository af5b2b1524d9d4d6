package org.fedvae.simulations.federation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.participant.federation.PrivacyBudget;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.simulations.partition.Partition;

/**
 * One simulated federation, as the {@code run} command was asked for it. The round settings are
 * the coordinator's own policy parts (checked there); the rest is what only a simulation has.
 *
 * @param participants     simulated sites; every round waits for all of them to be connected
 * @param rounds           federated rounds
 * @param partition        how the training set is dealt out
 * @param dropout          probability that a selected site crashes during a round, at a random stage
 * @param stragglers       share of the sites that are slow every round: their training starts
 *                         {@code stragglerDelay} late
 * @param stragglerDelay   how late a straggler starts training
 * @param strategy         server strategy: fedavg, fedavgm, fedadam
 * @param serverLearningRate the strategy's learning rate, or null for its default
 * @param secureAggregation false only for comparison runs
 * @param dataset          mnist, fashion-mnist or a folder
 * @param transport        in-VM or loopback TCP with TLS
 * @param processes        each site in its own JVM (TCP only)
 * @param trainingThreads  threads that train, shared by all in-process sites (one per core)
 * @param cohort           who takes part in a round (its minimum is {@code participants})
 * @param training         the sites' training; its seed seeds everything random: initial model,
 *                         partition, cohorts, training, faults
 * @param deadlines        the stages' deadlines
 * @param encoding         clip range and weight cap of the updates' encoding
 * @param privacy          every site's own DP budget (DP-SGD), or null: no DP
 * @param clientDp         client-level DP rounds with every site's own client-level budget, or null
 */
public record SimulationSettings(
        int participants,
        int rounds,
        Partition partition,
        double dropout,
        double stragglers,
        Duration stragglerDelay,
        String strategy,
        Float serverLearningRate,
        boolean secureAggregation,
        String dataset,
        Transport transport,
        boolean processes,
        int trainingThreads,
        RoundPolicy.Cohort cohort,
        RoundPolicy.Training training,
        RoundPolicy.Deadlines deadlines,
        RoundPolicy.EncodingLimits encoding,
        PrivacyBudget privacy,
        ClientDpRun clientDp) {

    /** Where the sites and the coordinator talk. */
    public enum Transport {
        IN_VM,
        TCP
    }

    public static final List<String> STRATEGIES = List.of("fedavg", "fedavgm", "fedadam");

    public SimulationSettings {
        require(participants >= 2, "--participants must be at least 2, got " + participants);
        require(rounds >= 1, "--rounds must be at least 1, got " + rounds);
        require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got " + dropout);
        require(stragglers >= 0 && stragglers < 1, "--stragglers must be in [0, 1), got " + stragglers);
        require(STRATEGIES.contains(strategy), "--strategy must be one of " + STRATEGIES + ", got " + strategy);
        require(!processes || transport == Transport.TCP, "--processes needs --transport tcp");
        require(
                !processes || dropout == 0 && stragglers == 0,
                "--processes does not inject faults; drop --dropout and --stragglers");
        require(trainingThreads >= 1, "training threads must be at least 1");
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(deadlines, "deadlines");
        Objects.requireNonNull(encoding, "encoding");
        require(clientDp == null || !processes, "client-level DP runs with in-process sites only (drop --processes)");
        require(
                cohort.minParticipants() == participants,
                "a simulated round waits for all " + participants + " sites, not " + cohort.minParticipants());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The seed of everything random. */
    public long seed() {
        return training.seed();
    }

    /** The coordinator's policy for this federation. */
    public RoundPolicy policy() {
        RoundPolicy policy = new RoundPolicy(rounds, cohort, training, deadlines, encoding, secureAggregation);
        if (clientDp == null) {
            return policy;
        }
        int n = cohort.size() > 0 ? cohort.size() : (int) Math.ceil(cohort.fraction() * participants);
        int dimension = VaeLayout.spec(VaeConfig.defaults(0)).totalSize();
        return policy.withClientDp(clientDp.policy(
                dimension, n, cohort.threshold() > 0 ? cohort.threshold() : RoundConfig.defaultThreshold(n), rounds));
    }

    /** The same federation with secure aggregation switched as given. */
    public SimulationSettings withSecureAggregation(boolean on) {
        return new SimulationSettings(
                participants,
                rounds,
                partition,
                dropout,
                stragglers,
                stragglerDelay,
                strategy,
                serverLearningRate,
                on,
                dataset,
                transport,
                processes,
                trainingThreads,
                cohort,
                training,
                deadlines,
                encoding,
                privacy,
                clientDp);
    }

    /** The same federation cut to its first {@code n} rounds. */
    public SimulationSettings withRounds(int n) {
        return new SimulationSettings(
                participants,
                n,
                partition,
                dropout,
                stragglers,
                stragglerDelay,
                strategy,
                serverLearningRate,
                secureAggregation,
                dataset,
                transport,
                processes,
                trainingThreads,
                cohort,
                training,
                deadlines,
                encoding,
                privacy,
                clientDp);
    }
}
