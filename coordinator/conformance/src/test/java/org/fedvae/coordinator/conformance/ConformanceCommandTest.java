package org.fedvae.coordinator.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.transport.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line: one line per check and the exit code (0 all passed, 1 any failed). */
@Timeout(120)
class ConformanceCommandTest {

    @TempDir
    Path tmp;

    @Test
    void coordinatorSideExitsOneAgainstABrokenCoordinator() throws Exception {
        FederationDirectory fed = ConformanceCoordinatorKitTest.enrol(tmp);
        try (BrokenCoordinator broken = new BrokenCoordinator(
                fed,
                ConformanceParticipantKitTest.smallModel(),
                4,
                8,
                java.util.EnumSet.of(BrokenCoordinator.Breakage.UNMASK_BELOW_THRESHOLD))) {
            Run run = run(
                    "coordinator",
                    "--target",
                    "127.0.0.1:" + broken.port(),
                    "--federation",
                    fed.root().toString(),
                    "--participant",
                    "kit-1,kit-2,kit-3,kit-4",
                    "--server-name",
                    "localhost",
                    "--wait",
                    "30");
            assertEquals(1, run.exit, run.out);
            assertEquals(
                    10,
                    run.out
                            .lines()
                            .filter(l -> l.startsWith("PASS ") || l.startsWith("FAIL "))
                            .count(),
                    run.out);
            assertTrue(run.out.contains("FAIL coordinator.below-threshold-nothing-unmasked: "), run.out);
        }
    }

    @Test
    void participantSideExitsZeroForAnHonestParticipant() throws Exception {
        FederationDirectory fed = ConformanceCoordinatorKitTest.enrol(tmp);
        Path model = tmp.resolve("model.fvae");
        ModelFile.write(ConformanceParticipantKitTest.smallModel(), model);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // a free port for the kit's --listen
        }
        EventLoopGroup group = new Endpoint.Tcp("127.0.0.1", 1).newEventLoopGroup(1, "command-test");
        int listen = port;
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> run(
                "participant",
                "--listen",
                String.valueOf(listen),
                "--federation",
                fed.root().toString(),
                "--model",
                model.toString(),
                "--wait",
                "30"));
        // The participant keeps reconnecting until the kit listens.
        try (KitTestParticipant site =
                new KitTestParticipant(fed, "kit-1", port, group, KitTestParticipant.Flaw.NONE)) {
            Run r = run.get(100, TimeUnit.SECONDS);
            assertEquals(0, r.exit, r.out);
            assertEquals(17, r.out.lines().filter(l -> l.startsWith("PASS ")).count(), r.out);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private record Run(int exit, String out) {}

    private static synchronized Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int exit = CliErrors.commandLine(new ConformanceCommand()).execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }
}
