package org.fedvae.coordinator.conformance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedvae.coordinator.enrol.FederationDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code conformance coordinator}: acts as a set of enrolled participants, honest and
 * misbehaving, against the coordinator under test.
 */
@Command(
        name = "coordinator",
        mixinStandardHelpOptions = true,
        description = {
            "Check a coordinator: connect as the given enrolled participants (at least 4) and play rounds in which "
                    + "some misbehave. The coordinator must put exactly these participants in each of at least 8 rounds "
                    + "(e.g. serve --min-participants N --rounds 8). Prints PASS/FAIL per check; exits 1 if any failed."
        })
public final class ConformanceCoordinatorCommand implements Callable<Integer> {

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT", description = "The coordinator under test.")
    String target;

    @Option(
            names = {"--federation", "--credentials"},
            required = true,
            paramLabel = "FED_DIR",
            description =
                    "Federation directory made by enrol, holding FED_DIR/participants/ID credentials of the ids below.")
    Path federation;

    @Option(
            names = "--participant",
            required = true,
            split = ",",
            paramLabel = "ID",
            description = "Enrolled participant ids the kit plays (at least 4; repeat or separate by commas).")
    List<String> ids;

    @Option(
            names = "--server-name",
            paramLabel = "NAME",
            description = "Name the coordinator's certificate must carry (default: HOST of --target).")
    String serverName;

    @Option(
            names = "--wait",
            defaultValue = "120",
            paramLabel = "SECONDS",
            description = "Longest wait for the coordinator's next message (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Override
    public Integer call() throws Exception {
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--target must be HOST:PORT, got " + target);
        }
        String host = target.substring(0, colon);
        int port = Integer.parseInt(target.substring(colon + 1));
        try (CoordinatorKit kit = new CoordinatorKit(
                new FederationDirectory(federation),
                ids,
                host,
                port,
                serverName == null ? host : serverName,
                Duration.ofSeconds(waitSeconds))) {
            return kit.runAll(r -> System.out.println(r.line())) ? 0 : 1;
        }
    }
}
