package org.fedvae.coordinator.conformance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code conformance participant}: acts as a coordinator, honest and lying, towards the
 * participant under test, which must be pointed at this address with credentials of the same
 * federation.
 */
@Command(
        name = "participant",
        mixinStandardHelpOptions = true,
        description = {
            "Check a participant: listen as a (sometimes lying) coordinator; start the participant under test "
                    + "against HOST:PORT. Prints PASS/FAIL per check; exits 1 if any failed. The SecAgg+ checks run "
                    + "cohorts of 256: the participant must accept them (ours: join --max-cohort 256)."
        })
public final class ConformanceParticipantCommand implements Callable<Integer> {

    @Option(names = "--listen", required = true, paramLabel = "PORT", description = "Port to listen on.")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = {"--federation", "--credentials"},
            required = true,
            paramLabel = "FED_DIR",
            description = "Federation directory made by enrol: the kit uses FED_DIR/coordinator, the allowlist, the "
                    + "revocation list and the CA key (FED_DIR/ca, to issue certificates for its own cohort members).")
    Path federation;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "The global model the participant trains (fedvae-participant init-model).")
    Path model;

    @Option(
            names = "--wait",
            defaultValue = "300",
            paramLabel = "SECONDS",
            description = "Longest wait for the participant's next frame or connection (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Option(
            names = "--first-round",
            defaultValue = "1",
            description = "First round id; must exceed any the participant took part in (default: ${DEFAULT-VALUE}).")
    long firstRound;

    @Option(
            names = "--client-dp-site",
            description = "The participant under test has a client-level DP budget (--client-dp-epsilon), so it "
                    + "declines every round without DP: run the client-level DP checks only, including that it "
                    + "declines a round beyond its budget (noise 0.001 C on the sum).")
    boolean clientDpSite;

    @Override
    public Integer call() throws Exception {
        ModelParameters initial = ModelFile.read(model);
        try (ParticipantKit.KitServerHandle server =
                ParticipantKit.listen(new FederationDirectory(federation), host, port)) {
            System.out.println("conformance kit listening on " + host + ":" + server.port());
            Duration wait = Duration.ofSeconds(waitSeconds);
            ParticipantKit kit = clientDpSite
                    ? server.clientDpKit(initial, wait, firstRound)
                    : server.kit(initial, wait, firstRound);
            boolean ok = kit.runAll(r -> System.out.println(r.line()));
            return ok ? 0 : 1;
        }
    }
}
