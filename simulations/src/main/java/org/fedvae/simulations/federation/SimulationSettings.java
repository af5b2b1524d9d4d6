package org.fedvae.simulations.federation;

import java.time.Duration;
import java.util.List;
import org.fedvae.simulations.partition.Partition;

/**
 * One simulated federation, as the {@code run} command was asked for it.
 *
 * @param participants     simulated sites
 * @param rounds           federated rounds
 * @param localEpochs      epochs each site trains per round
 * @param cohortFraction   share of the sites selected per round
 * @param partition        how the training set is dealt out
 * @param dropout          probability that a selected site crashes during a round, at a random stage
 * @param stragglers       share of the sites that are slow every round: their training starts
 *                         {@code stragglerDelay} late
 * @param stragglerDelay   how late a straggler starts training
 * @param strategy         server strategy: fedavg, fedavgm, fedadam
 * @param serverLearningRate the strategy's learning rate, or null for its default
 * @param secureAggregation false only for comparison runs
 * @param dataset          mnist, fashion-mnist or a folder
 * @param seed             everything random: initial model, partition, cohorts, training, faults
 * @param transport        in-VM or loopback TCP with TLS
 * @param processes        each site in its own JVM (TCP only)
 * @param trainingThreads  threads that train, shared by all in-process sites (one per core)
 * @param stageTimeout     deadline of each key-exchange stage
 * @param trainingTimeout  deadline of the stage that includes local training
 * @param learningRate     the sites' Adam learning rate
 * @param batchSize        the sites' batch size
 */
public record SimulationSettings(int participants, int rounds, int localEpochs, double cohortFraction, Partition partition,
                                 double dropout, double stragglers, Duration stragglerDelay, String strategy,
                                 Float serverLearningRate, boolean secureAggregation, String dataset, long seed,
                                 Transport transport, boolean processes, int trainingThreads, Duration stageTimeout,
                                 Duration trainingTimeout, double learningRate, int batchSize) {

    /** Where the sites and the coordinator talk. */
    public enum Transport {
        IN_VM, TCP
    }

    public static final List<String> STRATEGIES = List.of("fedavg", "fedavgm", "fedadam");

    public SimulationSettings {
        require(participants >= 2, "--participants must be at least 2, got " + participants);
        require(rounds >= 1, "--rounds must be at least 1, got " + rounds);
        require(localEpochs >= 1, "--local-epochs must be at least 1, got " + localEpochs);
        require(cohortFraction > 0 && cohortFraction <= 1, "--cohort must be in (0, 1], got " + cohortFraction);
        require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got " + dropout);
        require(stragglers >= 0 && stragglers < 1, "--stragglers must be in [0, 1), got " + stragglers);
        require(STRATEGIES.contains(strategy), "--strategy must be one of " + STRATEGIES + ", got " + strategy);
        require(!processes || transport == Transport.TCP, "--processes needs --transport tcp");
        require(!processes || dropout == 0 && stragglers == 0, "--processes does not inject faults; drop --dropout and --stragglers");
        require(trainingThreads >= 1, "training threads must be at least 1");
        require(batchSize >= 1 && learningRate > 0, "batch size and learning rate must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The same federation with secure aggregation switched as given. */
    public SimulationSettings withSecureAggregation(boolean on) {
        return new SimulationSettings(participants, rounds, localEpochs, cohortFraction, partition, dropout, stragglers,
                stragglerDelay, strategy, serverLearningRate, on, dataset, seed, transport, processes, trainingThreads,
                stageTimeout, trainingTimeout, learningRate, batchSize);
    }

    /** The same federation cut to its first {@code n} rounds. */
    public SimulationSettings withRounds(int n) {
        return new SimulationSettings(participants, n, localEpochs, cohortFraction, partition, dropout, stragglers,
                stragglerDelay, strategy, serverLearningRate, secureAggregation, dataset, seed, transport, processes,
                trainingThreads, stageTimeout, trainingTimeout, learningRate, batchSize);
    }
}
