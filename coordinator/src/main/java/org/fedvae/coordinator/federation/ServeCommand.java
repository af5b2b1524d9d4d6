package org.fedvae.coordinator.federation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.fedvae.coordinator.enrol.AllowlistFile;
import org.fedvae.coordinator.enrol.CertificateAuthenticator;
import org.fedvae.coordinator.http.DashboardServer;
import org.fedvae.coordinator.http.FederationStatus;
import org.fedvae.coordinator.http.HttpAccess;
import org.fedvae.coordinator.http.HttpOptions;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.TlsContexts;
import org.fedvae.protocol.transport.TransportLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedvae-coordinator serve}: runs a federation over TCP with mutual TLS, participants
 * admitted by the enrolment allowlist. A thin wrapper over {@link FederationCoordinator}.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the federation: wait for enrolled participants (mutual TLS), run the rounds with secure "
                    + "aggregation, checkpoint after every round, resume from --state after a restart.",
            "Writes STATE/metrics.csv (one row per round) and STATE/round-NNNNNNNN/ checkpoints."
        })
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen",
            defaultValue = "0.0.0.0:7443",
            paramLabel = "HOST:PORT",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(
            names = "--credentials",
            required = true,
            paramLabel = "DIR",
            description =
                    "The coordinator's credentials from enrolment (tls.key, tls.crt, ca.crt), e.g. FED/coordinator.")
    Path credentials;

    @Option(
            names = "--allowlist",
            paramLabel = "FILE",
            description = "Enrolled participants (default: DIR/allowlist.txt).")
    Path allowlist;

    @Option(
            names = "--revocation-list",
            paramLabel = "FILE",
            description =
                    "The federation's revocation list from enrolment, re-read every round (default: DIR/crl.pem).")
    Path revocationList;

    @Option(
            names = "--state",
            required = true,
            paramLabel = "DIR",
            description = "Checkpoints and metrics; a restarted coordinator resumes from here.")
    Path state;

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description = "The initial model (fedvae-participant init-model); not needed when resuming.")
    Path model;

    @Option(
            names = "--min-participants",
            description = "Connected participants needed to start a round (default: ${DEFAULT-VALUE}).")
    int minParticipants = RoundPolicy.Cohort.DEFAULT.minParticipants();

    @Mixin
    ServerOptions server = new ServerOptions();

    @Mixin
    CohortOptions cohort = new CohortOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Mixin
    DeadlineOptions deadlines = new DeadlineOptions();

    @Mixin
    EncodingOptions encoding = new EncodingOptions();

    @Mixin
    HttpOptions http = new HttpOptions();

    @Option(
            names = "--http-tls",
            description = "Serve --http over mutual TLS with the coordinator's credentials: clients need a "
                    + "certificate from the federation's CA.")
    boolean httpTls;

    @Option(
            names = "--federation-name",
            paramLabel = "NAME",
            description = "The name the dashboard shows (default: the folder above --credentials).")
    String federationName;

    @Override
    public Integer call() throws IOException, InterruptedException {
        RoundPolicy policy = new RoundPolicy(
                server.rounds(),
                cohort.cohort(minParticipants),
                training.training(),
                deadlines.deadlines(),
                encoding.limits(),
                server.secureAggregation());
        CredentialFiles files = new CredentialFiles(credentials);
        Path list = allowlist != null ? allowlist : credentials.resolve("allowlist.txt");
        if (!Files.isRegularFile(list)) {
            throw new IOException(
                    list + ": no allowlist; enrol participants first (fedvae-coordinator enrol participant ...)");
        }
        Path crl = revocationList != null ? revocationList : files.revocationList();
        if (!Files.isRegularFile(crl)) {
            throw new IOException(
                    crl + ": no revocation list; copy FED/coordinator/crl.pem from the operator (enrol init-ca "
                            + "writes it, enrol crl re-issues it)");
        }
        ModelParameters initial = model == null ? null : ModelFile.read(model);
        CoordinatorConfig config = CoordinatorConfig.builder(
                        Endpoint.parse(listen), new CertificateAuthenticator(new AllowlistFile(list)), policy)
                .tls(TlsContexts.server(files, true))
                .limits(TransportLimits.DEFAULTS.withMaxCohort(policy.cohort().maxSize()))
                .strategy(server.strategy(), server.serverLearningRate())
                .stateDir(state)
                .initialModel(initial)
                .revocations(RevocationListSource.file(crl))
                .build();
        // Checked before anything binds: an unsafe --http refuses to start, with the reason.
        HttpAccess access = http.access(httpTls ? TlsContexts.server(files, true) : null);
        FederationStatus status = new FederationStatus(name(), policy.rounds());
        try (FederationCoordinator coordinator = FederationCoordinator.start(config, status);
                DashboardServer dashboard = access == null ? null : DashboardServer.start(access, status, null)) {
            Runtime.getRuntime().addShutdownHook(new Thread(coordinator::close, "fedvae-coordinator-stop"));
            spec.commandLine()
                    .getOut()
                    .println("Coordinator listening on " + coordinator.endpoint() + ", state in " + state);
            if (dashboard != null) {
                spec.commandLine()
                        .getOut()
                        .println("Dashboard at " + dashboard.url(httpTls) + " (/metrics for Prometheus)");
            }
            spec.commandLine().getOut().flush();
            long done = coordinator.finished().get();
            spec.commandLine()
                    .getOut()
                    .println("Federation finished after " + done + " rounds; metrics in "
                            + state.resolve(MetricsLog.FILE));
            return 0;
        } catch (ExecutionException e) {
            spec.commandLine()
                    .getErr()
                    .println("serve: the run stopped: " + e.getCause().getMessage());
            return 1;
        }
    }

    private String name() {
        if (federationName != null) {
            return federationName;
        }
        Path parent = credentials.toAbsolutePath().normalize().getParent();
        return parent == null || parent.getFileName() == null
                ? "federation"
                : parent.getFileName().toString();
    }
}
