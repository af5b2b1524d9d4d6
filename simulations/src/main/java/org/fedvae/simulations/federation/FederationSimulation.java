package org.fedvae.simulations.federation;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.fedvae.coordinator.enrol.AllowlistFile;
import org.fedvae.coordinator.enrol.CertificateAuthenticator;
import org.fedvae.coordinator.enrol.Enrolment;
import org.fedvae.coordinator.enrol.EnrolmentException;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.coordinator.enrol.ThrowawayFederation;
import org.fedvae.coordinator.federation.CoordinatorConfig;
import org.fedvae.coordinator.federation.FederationCoordinator;
import org.fedvae.coordinator.federation.FederationListener;
import org.fedvae.coordinator.federation.InVmAuthenticator;
import org.fedvae.coordinator.federation.RevocationListSource;
import org.fedvae.coordinator.federation.RoundMetrics;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.data.LocalData;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.PemFiles;
import org.fedvae.protocol.transport.TlsContexts;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.simulations.partition.Partition;

/**
 * One whole federation on this machine, from the real coordinator and participant code: the
 * training set dealt out by the partition, each site a {@code FederationParticipant} (or a
 * participant JVM), the coordinator a {@code FederationCoordinator}, talking over Netty's in-VM
 * channel or loopback TCP with mutual TLS. Nothing of the protocol is re-implemented here; the
 * simulation only chooses the data, injects the faults and measures.
 */
public final class FederationSimulation {

    private static final int EVENT_LOOP_THREADS = 2;

    private final SimulationSettings settings;
    private final LocalData data;
    private final Path runDir;
    private final PrintStream out;
    private final String roundLabel;
    private final LiveDashboard dashboard;

    public FederationSimulation(SimulationSettings settings, LocalData data, Path runDir, PrintStream out) {
        this(settings, data, runDir, out, null, null);
    }

    /**
     * @param roundLabel what the round lines call this run (null for the federation itself)
     * @param dashboard  the live dashboard to feed, or null
     */
    FederationSimulation(
            SimulationSettings settings,
            LocalData data,
            Path runDir,
            PrintStream out,
            String roundLabel,
            LiveDashboard dashboard) {
        this.settings = settings;
        this.data = data;
        this.runDir = runDir;
        this.out = out;
        this.roundLabel = roundLabel;
        this.dashboard = dashboard;
    }

    public SimulationResult run(ModelParameters initialModel, String label) throws IOException, InterruptedException {
        int n = settings.participants();
        Random rng = new Random(settings.seed());
        List<ImageSet> trains = settings.partition().split(data.train(), n, rng);
        List<ImageSet> tests = Partition.parse("iid").split(data.test(), n, rng);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(String.format("site-%03d", i));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(settings.seed() + 17));
        int stragglerCount = (int) Math.ceil(settings.stragglers() * n);

        RoundPolicy policy = settings.policy();
        VaeConfig vaeConfig = VaeConfig.defaults(settings.seed())
                .withBatchSize(settings.training().batchSize())
                .withLabelCount(VaeLayout.labelCount(initialModel.spec())); // the kind is in the model's spec

        ExecutorService training = Executors.newFixedThreadPool(settings.trainingThreads(), daemon("training"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("faults"));
        Endpoint endpoint = settings.transport() == SimulationSettings.Transport.IN_VM
                ? new Endpoint.InVm("fedvae-" + label + "-" + System.nanoTime())
                : new Endpoint.Tcp("127.0.0.1", 0);
        EventLoopGroup loops = endpoint.newEventLoopGroup(EVENT_LOOP_THREADS, "sites");
        // Sized for the largest cohort, and patient with sites whose shared event loops are busy for others.
        TransportLimits limits = TransportLimits.DEFAULTS
                .withMaxCohort(policy.cohort().maxSize())
                .withIdleTimeout(
                        ScaledDeadlines.idleTimeout(TransportLimits.DEFAULTS.idleTimeout(), policy.deadlines()))
                .withHandshakeTimeout(ScaledDeadlines.handshakeTimeout(TransportLimits.DEFAULTS.handshakeTimeout(), n));
        try (CentralEvaluator evaluator = new CentralEvaluator(data.test(), vaeConfig, runDir.resolve("samples"))) {
            CoordinatorConfig.Builder cb;
            List<InProcessSites.Site> sites = new ArrayList<>();
            List<Path> credentials = new ArrayList<>();
            if (endpoint instanceof Endpoint.InVm) {
                // A throwaway CA in memory: every site gets a real participant certificate, so cohorts authenticate as
                // deployed.
                ThrowawayFederation fed = throwawayFederation();
                List<X509Certificate> certificates = new ArrayList<>();
                SecureRandom random = new SecureRandom();
                for (int i = 0; i < n; i++) {
                    Ed25519KeyPair identity = Ed25519KeyPair.generate(random);
                    certificates.add(issue(fed, ids.get(i), identity.publicKey()));
                    sites.add(new InProcessSites.Site(
                            ids.get(i),
                            identity.privateKey(),
                            null,
                            trains.get(i),
                            tests.get(i),
                            order.indexOf(i) < stragglerCount,
                            fed.caCertificate()));
                }
                cb = CoordinatorConfig.builder(endpoint, new InVmAuthenticator(certificates), policy)
                        .revocations(fed::revocationList);
            } else {
                FederationDirectory fed = enrol(ids);
                for (int i = 0; i < n; i++) {
                    CredentialFiles files = fed.participant(ids.get(i));
                    credentials.add(files.directory());
                    sites.add(new InProcessSites.Site(
                            ids.get(i),
                            IdentityKeys.readIdentityKey(files),
                            TlsContexts.client(files),
                            trains.get(i),
                            tests.get(i),
                            order.indexOf(i) < stragglerCount,
                            PemFiles.readCertificate(files.caCertificate())));
                }
                cb = CoordinatorConfig.builder(
                                endpoint, new CertificateAuthenticator(new AllowlistFile(fed.allowlist())), policy)
                        .tls(TlsContexts.server(fed.coordinator(), true))
                        .revocations(RevocationListSource.file(fed.revocationList()));
            }
            CoordinatorConfig config = cb.limits(limits)
                    .strategy(settings.strategy(), settings.serverLearningRate())
                    .initialModel(initialModel)
                    .stateDir(runDir.resolve("coordinator-" + label))
                    .build();

            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heapBefore = rt.totalMemory() - rt.freeMemory();
            InProcessSites[] inProcess = {null};
            RoundCollector collector = new RoundCollector(
                    evaluator,
                    round -> inProcess[0] == null ? 0 : inProcess[0].crashedIn(round),
                    out,
                    roundLabel,
                    settings.rounds(),
                    dashboard == null ? (round, loss) -> {} : dashboard::evaluated,
                    n > RoundPolicy.Cohort.DEFAULT_MAX_SIZE);
            long start = System.nanoTime();
            ProcessSites processSites = null;
            FederationListener listener =
                    dashboard == null ? collector : FederationListener.all(dashboard.listener(), collector);
            try (FederationCoordinator coordinator = FederationCoordinator.start(config, listener)) {
                if (settings.processes()) {
                    processSites = new ProcessSites(
                            ids,
                            credentials,
                            (Endpoint.Tcp) coordinator.endpoint(),
                            settings.dataset(),
                            settings.seed(),
                            plainRounds(settings),
                            settings.privacy(),
                            policy.cohort().maxSize(),
                            runDir.resolve("sites"));
                } else {
                    inProcess[0] = new InProcessSites(
                            sites,
                            coordinator.endpoint(),
                            loops,
                            training,
                            scheduler,
                            settings.stragglerDelay(),
                            new FaultPlan(settings.dropout(), settings.seed()),
                            settings.seed(),
                            plainRounds(settings),
                            settings.privacy(),
                            settings.clientDp() == null
                                    ? null
                                    : settings.clientDp().budget(),
                            limits);
                    inProcess[0].startAll();
                }
                ModelParameters finalModel = await(coordinator, processSites);
                double wall = (System.nanoTime() - start) / 1e9;
                if (inProcess[0] != null) {
                    inProcess[0].awaitFinished(Duration.ofSeconds(30));
                    inProcess[0].close();
                }
                List<RoundRecord> done = collector.rounds();
                evaluator
                        .reconstructions(finalModel, runDir.resolve("reconstructions.png"))
                        .join();
                long perSite = settings.processes() ? 0 : Math.max(0, collector.heapAtFirstRound() - heapBefore) / n;
                return new SimulationResult(
                        done, collector.firstRoundModel(), finalModel, wall, perSite, roundOneQuantizationBound(done));
            } finally {
                if (inProcess[0] != null) {
                    inProcess[0].close();
                }
                if (processSites != null) {
                    processSites.close();
                }
            }
        } finally {
            training.shutdownNow();
            scheduler.shutdownNow();
            loops.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS); // a quiet period lets closing peers finish
        }
    }

    /**
     * How far round 1's decoded average may be from the exact weighted average of its survivors'
     * deltas, under the encoding and total weight the coordinator reports it used (NaN without rounds).
     */
    private static double roundOneQuantizationBound(List<RoundRecord> done) {
        if (done.isEmpty() || !done.get(0).metrics().completed()) {
            return Double.NaN;
        }
        RoundMetrics first = done.get(0).metrics();
        return first.encoding()
                .orElseThrow()
                .quantizationBound(first.survivors().size(), first.totalWeight());
    }

    private static ModelParameters await(FederationCoordinator coordinator, ProcessSites processes)
            throws InterruptedException, IOException {
        while (true) {
            try {
                coordinator.finished().get(1, TimeUnit.SECONDS);
                return coordinator.globalModel();
            } catch (TimeoutException e) {
                if (processes != null) {
                    processes.checkAlive();
                }
            } catch (ExecutionException e) {
                throw new IOException("the federation stopped: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /**
     * The round ids each site consents to run WITHOUT secure aggregation: none for a secure run; for a
     * --no-secagg run (the comparison run is one round of it) exactly its rounds, 1..rounds, since its
     * coordinator starts from a fresh state folder and numbers every round, aborted ones included.
     */
    static Set<Long> plainRounds(SimulationSettings settings) {
        if (settings.secureAggregation()) {
            return Set.of();
        }
        return LongStream.rangeClosed(1, settings.rounds()).boxed().collect(Collectors.toUnmodifiableSet());
    }

    private static ThrowawayFederation throwawayFederation() throws IOException {
        try {
            return ThrowawayFederation.create("FedVAE simulation CA");
        } catch (EnrolmentException e) {
            throw new IOException("cannot create the simulation's CA: " + e.getMessage(), e);
        }
    }

    private static X509Certificate issue(ThrowawayFederation fed, String id, byte[] identityPublicKey)
            throws IOException {
        try {
            return fed.issue(id, identityPublicKey);
        } catch (EnrolmentException e) {
            throw new IOException("cannot issue the certificate of " + id + ": " + e.getMessage(), e);
        }
    }

    /** A throwaway federation: CA, coordinator and site credentials in the run folder. */
    private FederationDirectory enrol(List<String> ids) throws IOException {
        FederationDirectory fed = new FederationDirectory(runDir.resolve("federation"));
        Enrolment enrolment = new Enrolment(fed);
        try {
            enrolment.initCa("FedVAE simulation CA", 2, true);
            enrolment.coordinator("localhost", 2, true);
            for (String id : ids) {
                enrolment.participant(id, 2, true);
            }
        } catch (EnrolmentException e) {
            throw new IOException("cannot enrol the simulated federation: " + e.getMessage(), e);
        }
        return fed;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
