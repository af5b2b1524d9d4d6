package org.fedvae.simulations.federation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedvae.coordinator.federation.CohortOptions;
import org.fedvae.coordinator.federation.DeadlineOptions;
import org.fedvae.coordinator.federation.EncodingOptions;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.coordinator.federation.ServerOptions;
import org.fedvae.coordinator.federation.TrainingOptions;
import org.fedvae.coordinator.http.HttpAccess;
import org.fedvae.coordinator.http.HttpOptions;
import org.fedvae.participant.data.Datasets;
import org.fedvae.participant.data.LocalData;
import org.fedvae.participant.federation.ModelOptions;
import org.fedvae.participant.federation.PrivacyOptions;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.simulations.Json;
import org.fedvae.simulations.RunFolder;
import org.fedvae.simulations.RunLogging;
import org.fedvae.simulations.partition.Partition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The main job: a whole federation on this machine, with secure aggregation, written to a run
 * folder. With no options it runs the README's default federation on the bundled MNIST.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Simulate a whole federation (the real coordinator and participants) on this machine.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--participants", defaultValue = "10", description = "Simulated sites (default: ${DEFAULT-VALUE}).")
    int participants;

    /**
     * What the README's default federation changes in the one set of policy defaults: more rounds
     * and local epochs, and deadlines sized for sites that all share one machine.
     */
    static final int DEFAULT_ROUNDS = 12;

    static final RoundPolicy.Training DEFAULT_TRAINING = RoundPolicy.Training.DEFAULT.withLocalEpochs(5);
    static final RoundPolicy.Deadlines DEFAULT_DEADLINES =
            new RoundPolicy.Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(300));

    @Mixin
    ServerOptions server = new ServerOptions(DEFAULT_ROUNDS);

    @Mixin
    CohortOptions cohort = new CohortOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions(DEFAULT_TRAINING);

    @Mixin
    DeadlineOptions deadlines = new DeadlineOptions(DEFAULT_DEADLINES);

    @Mixin
    EncodingOptions encoding = new EncodingOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(
            names = "--partition",
            defaultValue = "iid",
            description = "iid, dirichlet:ALPHA or shards:K (default: ${DEFAULT-VALUE}).")
    String partition;

    @Option(
            names = "--dropout",
            defaultValue = "0",
            description =
                    "Probability that a selected site crashes in a round, at a random stage (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(
            names = "--stragglers",
            defaultValue = "0",
            description =
                    "Share of the sites that start training --straggler-delay late every round (default: ${DEFAULT-VALUE}).")
    double stragglers;

    @Option(
            names = "--straggler-delay",
            defaultValue = "40",
            paramLabel = "SECONDS",
            description =
                    "How late a straggler starts; beyond --training-timeout it misses the round (default: ${DEFAULT-VALUE}).")
    long stragglerDelay;

    @Option(
            names = "--compare",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Also run round 1 without secure aggregation and compare time, bytes and models; --no-compare "
                            + "skips it (default: on; always skipped with faults).")
    boolean compare;

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "mnist, fashion-mnist or a folder (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--out", description = "Run folder (default: runs/federation-<timestamp>).")
    Path out;

    @Option(
            names = "--transport",
            defaultValue = "inproc",
            description = "inproc (Netty's in-VM channel) or tcp (loopback, mutual TLS) (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--processes", description = "Run each site as its own JVM (needs --transport tcp).")
    boolean processes;

    @Mixin
    PrivacyOptions privacy = new PrivacyOptions();

    @Mixin
    ClientDpRunOptions clientDp = new ClientDpRunOptions();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--training-threads",
            defaultValue = "0",
            description = "Threads training in-process sites; 0: one per core (default: ${DEFAULT-VALUE}).")
    int trainingThreads;

    @Mixin
    HttpOptions http = new HttpOptions();

    @Option(
            names = "--verbose",
            description =
                    "Also show the components' logs on the console (they always go to run.log in the run folder).")
    boolean verbose;

    @Override
    public Integer call() throws IOException, InterruptedException {
        SimulationSettings settings = settings();
        HttpAccess access = http.access(null); // an unsafe --http is refused before anything starts
        Path dir = RunFolder.prepare(out, "federation");
        try (RunLogging logs = RunLogging.toFile(dir.resolve("run.log"), verbose);
                LiveDashboard dashboard = access == null
                        ? null
                        : LiveDashboard.start(
                                access, "simulation " + dir.getFileName(), settings.rounds(), dir.resolve("samples"))) {
            return federate(settings, dir, dashboard);
        }
    }

    private int federate(SimulationSettings settings, Path dir, LiveDashboard dashboard)
            throws IOException, InterruptedException {
        boolean noSecagg = !settings.secureAggregation();
        PrintStream console = System.out;
        LocalData data = Datasets.load(dataset);
        if (noSecagg) {
            console.println("WARNING: --no-secagg: every site's update travels UNMASKED. For comparison runs only.");
        }
        ModelParameters initial = new Vae(model.apply(VaeConfig.defaults(settings.seed()))).parameters();
        console.printf(
                Locale.ROOT,
                "Federation: %d sites, %s split of %s (%d training images), %d rounds x %d local epochs, %s, "
                        + "secure aggregation %s, %s%s; model %s, %d parameters%n",
                participants,
                partition,
                data.description(),
                data.train().size(),
                settings.rounds(),
                settings.training().localEpochs(),
                settings.strategy(),
                noSecagg ? "OFF" : "on",
                transport,
                processes ? " (one JVM per site)" : "",
                VaeLayout.kind(initial.spec()),
                initial.size());
        console.println(
                "Outputs and logs in " + dir + (dashboard == null ? "" : "; live dashboard at " + dashboard.url()));
        Files.writeString(
                dir.resolve("config.json"),
                Json.pretty(RunOutputs.config(settings, transport)
                        .put("model", model.kind())
                        .put("classes", model.apply(VaeConfig.defaults(0)).labelCount())),
                StandardCharsets.UTF_8);

        SimulationResult result =
                new FederationSimulation(settings, data, dir, console, null, dashboard).run(initial, "federation");
        SecAggComparison comparison = null;
        if (settings.clientDp() != null && compare) {
            console.println("client-level DP: no comparison round (it would send updates without the masked sum)");
        } else if (settings.privacy() != null && compare) {
            // The comparison round would train each site's data once more: beyond its privacy budget.
            console.println("DP-SGD: no comparison round (it would spend beyond each site's privacy budget)");
        } else if (compare && !noSecagg && dropout == 0 && stragglers == 0) {
            SimulationResult plain = new FederationSimulation(
                            settings.withSecureAggregation(false).withRounds(1),
                            data,
                            dir.resolve("comparison-no-secagg"),
                            console,
                            "round 1 again WITHOUT secure aggregation, for comparison",
                            null)
                    .run(initial, "no-secagg");
            comparison = SecAggComparison.of(result, plain);
        }
        RunOutputs.write(dir, settings, result, comparison);
        console.printf(
                Locale.ROOT,
                "Final test loss %.3f nats per image after %d rounds (%d aborted, %d site dropouts), %.0f s%n",
                result.finalTestLoss(),
                result.rounds().size(),
                result.abortedRounds(),
                result.droppedTotal(),
                result.wallSeconds());
        console.println(
                "Wrote " + dir.toAbsolutePath() + ": config.json, metrics.csv, summary.json, loss.png, samples/, "
                        + "reconstructions.png, final-model.fvae, run.log");
        return 0;
    }

    /**
     * The federation these options describe. Public for the {@code audit} command, which forwards
     * every {@code run} option it does not know itself and trains through the same settings.
     */
    public SimulationSettings settings() {
        SimulationSettings.Transport kind =
                switch (transport) {
                    case "inproc" -> SimulationSettings.Transport.IN_VM;
                    case "tcp" -> SimulationSettings.Transport.TCP;
                    default ->
                        throw new IllegalArgumentException("--transport must be inproc or tcp, got " + transport);
                };
        ParseResult parsed = spec.commandLine().getParseResult();
        int rounds = DpDefaults.rounds(server.rounds(), privacy, parsed);
        return new SimulationSettings(
                participants,
                rounds,
                Partition.parse(partition),
                dropout,
                stragglers,
                Duration.ofSeconds(stragglerDelay),
                server.strategy(),
                server.serverLearningRate(),
                server.secureAggregation(),
                dataset,
                kind,
                processes,
                trainingThreads > 0 ? trainingThreads : Runtime.getRuntime().availableProcessors(),
                cohort.cohort(participants, Math.max(RoundPolicy.Cohort.DEFAULT_MAX_SIZE, participants)),
                DpDefaults.training(training.training(), privacy, parsed),
                ScaledDeadlines.of(
                        deadlines.deadlines(),
                        participants,
                        parsed.hasMatchedOption("--stage-timeout"),
                        parsed.hasMatchedOption("--training-timeout")),
                encoding.limits(),
                privacy.budget(rounds), // every site plans exactly the run's rounds
                clientDp.run());
    }
}
