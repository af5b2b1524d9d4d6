package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.fedvae.participant.data.Datasets;
import org.fedvae.participant.data.LocalData;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.ParticipantCertificate;
import org.fedvae.protocol.transport.PemFiles;
import org.fedvae.protocol.transport.TlsContexts;
import org.fedvae.protocol.transport.TransportLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedvae-participant join}: takes part in a federation over TCP with mutual TLS until the
 * coordinator finishes it. A thin wrapper over {@link FederationParticipant}.
 */
@Command(
        name = "join",
        mixinStandardHelpOptions = true,
        description = {
            "Join a federation: connect to the coordinator with this site's enrolled credentials, train on "
                    + "local images each round, send only masked updates. Runs until the coordinator finishes.",
            "Reconnects with backoff when the connection drops. With --out, keeps the latest global model, "
                    + "sample and reconstruction pictures, and the final model there."
        })
public final class JoinCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--coordinator",
            required = true,
            paramLabel = "HOST:PORT",
            description = "The coordinator's address.")
    String coordinator;

    @Option(
            names = "--credentials",
            required = true,
            paramLabel = "DIR",
            description = "This site's credentials from enrolment: identity.key, tls.key, tls.crt, ca.crt.")
    Path credentials;

    @Option(
            names = "--coordinator-name",
            paramLabel = "NAME",
            description = "The name on the coordinator's certificate (default: the host of --coordinator).")
    String coordinatorName;

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "mnist, fashion-mnist, or a folder of IDX files or images (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--shard", paramLabel = "i/n", description = "For demos: use only part i of n of the dataset.")
    String shard;

    @Option(names = "--out", paramLabel = "DIR", description = "Save the latest global model and pictures here.")
    Path out;

    @Option(
            names = "--state",
            paramLabel = "DIR",
            description = "What must survive a restart: the newest round this site took part in, never taken part in "
                    + "again, and the privacy budget spent (default: CREDENTIALS/state).")
    Path state;

    @Option(
            names = "--min-cohort",
            defaultValue = "3",
            description = "Decline rounds with fewer members (at least 3; default: ${DEFAULT-VALUE}).")
    int minCohort;

    @Option(
            names = "--max-cohort",
            defaultValue = "" + TransportLimits.DEFAULT_MAX_COHORT,
            description = "The largest cohort this site takes part in (n_max of the transport's per-message bounds,"
                    + " 3.." + TransportLimits.LARGEST_MAX_COHORT + "; above 255 rounds use the SecAgg+ sparse graph,"
                    + " whose degree and threshold this site checks; default: ${DEFAULT-VALUE}).")
    int maxCohort;

    @Option(
            names = "--insecure-reproducible-seed",
            paramLabel = "SEED",
            description =
                    "SIMULATIONS AND TESTS ONLY: training shuffles and noise from SEED and the round id instead of "
                            + "fresh secret randomness. Anyone who knows SEED can predict them; never use it in a deployment.")
    Long reproducibleSeed;

    @Option(
            names = "--give-up-after",
            defaultValue = "1800",
            paramLabel = "SECONDS",
            description = "Stop after this long without reaching the coordinator (default: ${DEFAULT-VALUE}).")
    long giveUpAfter;

    @Option(
            names = "--allow-no-secagg-round",
            paramLabel = "ID",
            description =
                    "Also take part in round ID WITHOUT secure aggregation (a comparison round): this round's update "
                            + "goes out UNMASKED. Repeatable, one round id each; every other unmasked round is declined.")
    List<Long> plainRounds = new ArrayList<>();

    @Mixin
    PrivacyOptions privacy = new PrivacyOptions();

    @Mixin
    ClientDpOptions clientDp = new ClientDpOptions();

    @Option(names = "--allow-no-secagg", hidden = true)
    boolean blanketPlainConsent;

    /** Why the blanket option of earlier versions is refused, and what replaces it. */
    static final String BLANKET_REFUSED =
            "--allow-no-secagg (every round unmasked at the coordinator's choice) is no longer "
                    + "supported: consent to each comparison round by its id with --allow-no-secagg-round ID (repeatable)";

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (blanketPlainConsent) {
            throw new IllegalArgumentException(BLANKET_REFUSED);
        }
        CredentialFiles files = new CredentialFiles(credentials);
        String id;
        try {
            id = ParticipantCertificate.of(PemFiles.readCertificate(files.tlsCertificate()))
                    .participantId();
        } catch (CertificateException e) {
            throw new IOException(files.tlsCertificate() + ": " + e.getMessage(), e);
        }
        byte[] identityKey = IdentityKeys.readIdentityKey(files);
        Endpoint endpoint = Endpoint.parse(coordinator);
        if (!(endpoint instanceof Endpoint.Tcp tcp)) {
            throw new IllegalArgumentException("--coordinator must be HOST:PORT");
        }
        LocalData data = Datasets.load(dataset);
        if (shard != null) {
            data = Shard.parse(shard).of(data);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "Participant %s: %s, %d training and %d test images; coordinator %s%n",
                        id, data.description(), data.train().size(), data.test().size(), endpoint);
        spec.commandLine().getOut().flush();
        ParticipantConfig.Builder builder = ParticipantConfig.builder(
                        id, identityKey, endpoint, data.train(), data.test())
                .tls(TlsContexts.client(files), coordinatorName != null ? coordinatorName : tcp.host())
                .reconnect(new ReconnectPolicy(
                        ReconnectPolicy.DEFAULTS.initialDelay(),
                        ReconnectPolicy.DEFAULTS.maxDelay(),
                        Duration.ofSeconds(giveUpAfter)))
                .outputDir(out)
                .stateDir(state != null ? state : credentials.resolve("state"))
                .minCohort(minCohort)
                .limits(TransportLimits.DEFAULTS.withMaxCohort(maxCohort));
        if (reproducibleSeed != null) {
            builder.insecureReproducibleTraining(reproducibleSeed);
        }
        plainRounds.forEach(builder::allowPlainRound);
        builder.differentialPrivacy(privacy.budget(null));
        builder.clientDp(clientDp.budget());
        builder.federationCa(PemFiles.readCertificate(files.caCertificate())); // authenticates every cohort member
        ParticipantConfig config = builder.build();
        try (FederationParticipant participant = FederationParticipant.start(config, null)) {
            Runtime.getRuntime().addShutdownHook(new Thread(participant::close, "fedvae-participant-stop"));
            participant.finished().get();
            spec.commandLine()
                    .getOut()
                    .println("The federation finished"
                            + (out != null ? "; final model in " + out.resolve("final-model.fvae") : "") + ".");
            return 0;
        } catch (ExecutionException e) {
            spec.commandLine().getErr().println("join: " + e.getCause().getMessage());
            return 1;
        }
    }
}
