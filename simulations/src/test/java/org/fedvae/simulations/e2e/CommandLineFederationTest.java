package org.fedvae.simulations.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.fedvae.coordinator.CoordinatorMain;
import org.fedvae.coordinator.state.CheckpointStore;
import org.fedvae.participant.ParticipantMain;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of the README's multi-host section, run in one process: enrol, init-model, serve
 * and two joins over TCP with mutual TLS on bundled MNIST shards. The participants start before
 * the coordinator listens and get there by retrying.
 */
@Timeout(300)
class CommandLineFederationTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(Supplier<Object> command, String... args) {
        return run(command, new StringWriter(), args);
    }

    private static Run run(Supplier<Object> command, StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        var cl = CliErrors.commandLine(command.get());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run coordinator(String... args) {
        return run(CoordinatorMain::new, args);
    }

    private static Run participant(String... args) {
        return run(ParticipantMain::new, args);
    }

    /** Three sites: a site declines any cohort below its own minimum, which is at least 3. */
    private static final List<String> SITES = List.of("site-a", "site-b", "site-c");

    @Test
    void enrolInitServeAndJoin() throws Exception {
        String fed = tmp.resolve("federation").toString();
        assertEquals(0, coordinator("enrol", "init-ca", "--dir", fed).exit);
        assertEquals(0, coordinator("enrol", "coordinator", "--dir", fed, "--host", "localhost").exit);
        for (String site : SITES) {
            assertEquals(0, coordinator("enrol", "participant", "--dir", fed, "--id", site).exit);
        }
        Path model = tmp.resolve("initial.fvae");
        Run init = participant("init-model", "--out", model.toString(), "--seed", "3");
        assertEquals(0, init.exit, init.err);
        assertEquals(652_824, ModelFile.read(model).size());

        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path state = tmp.resolve("state");
        ExecutorService threads = Executors.newFixedThreadPool(SITES.size() + 1);
        try {
            List<Future<Run>> joins = new ArrayList<>();
            List<StringWriter> joinOut = new ArrayList<>();
            int shard = 1;
            for (String site : SITES) {
                String[] args = {
                    "join",
                    "--coordinator",
                    "127.0.0.1:" + port,
                    "--credentials",
                    fed + "/participants/" + site,
                    "--dataset",
                    "mnist",
                    "--shard",
                    shard++ + "/1000",
                    "--out",
                    tmp.resolve("out-" + site).toString()
                };
                StringWriter out = new StringWriter();
                joinOut.add(out);
                joins.add(threads.submit(() -> run(ParticipantMain::new, out, args)));
            }
            // Once all have loaded their data they are knocking; the coordinator comes up a little later.
            for (StringWriter out : joinOut) {
                while (!out.toString().contains("Participant ")) {
                    Thread.sleep(20);
                }
            }
            Thread.sleep(300);
            Future<Run> serve = threads.submit(() -> coordinator(
                    "serve",
                    "--listen",
                    "127.0.0.1:" + port,
                    "--credentials",
                    fed + "/coordinator",
                    "--state",
                    state.toString(),
                    "--model",
                    model.toString(),
                    "--rounds",
                    "1",
                    "--min-participants",
                    "3",
                    "--stage-timeout",
                    "30",
                    "--training-timeout",
                    "120"));
            Run served = serve.get(240, TimeUnit.SECONDS);
            assertEquals(0, served.exit, served.err);
            assertTrue(served.out.contains("Federation finished after 1 rounds"), served.out);
            ModelParameters checkpointed =
                    new CheckpointStore(state).latest().orElseThrow().globalModel();
            for (Future<Run> join : joins) {
                Run joined = join.get(60, TimeUnit.SECONDS);
                assertEquals(0, joined.exit, joined.err);
                assertTrue(joined.out.contains("The federation finished"), joined.out);
            }
            for (String site : SITES) {
                Path out = tmp.resolve("out-" + site);
                assertTrue(ModelFile.read(out.resolve("final-model.fvae")).bitEquals(checkpointed), site);
                assertTrue(ModelFile.read(out.resolve("global-model.fvae")).bitEquals(ModelFile.read(model)), site);
                assertTrue(Files.size(out.resolve("samples.png")) > 0
                        && Files.size(out.resolve("reconstructions.png")) > 0);
            }
            List<String> rows = Files.readAllLines(state.resolve("metrics.csv"));
            assertEquals(2, rows.size());
            assertTrue(rows.get(1).startsWith("1,true,3,3,3,"), rows.get(1));
        } finally {
            threads.shutdownNow();
        }
    }
}
