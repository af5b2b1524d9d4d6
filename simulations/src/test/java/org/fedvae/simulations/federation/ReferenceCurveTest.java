package org.fedvae.simulations.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedvae.protocol.cli.CliErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Plain FedAvg on MNIST against an independent PyTorch FedAvg of the same VAE (10 IID clients,
 * every client every round, one local epoch with a fresh Adam 1e-3 and batch 128,
 * sample-weighted average): the test loss stays within 2 nats of it at every round.
 */
@Timeout(600)
class ReferenceCurveTest {

    private static final double[] PYTORCH = {212.6, 176.9, 157.9, 149.4, 143.0};

    @TempDir
    Path tmp;

    @Test
    void fedAvgFollowsThePyTorchReference() throws Exception {
        Path out = tmp.resolve("ref");
        StringWriter err = new StringWriter();
        CommandLine cmd = CliErrors.commandLine(new RunCommand());
        cmd.setErr(new PrintWriter(err, true));
        assertEquals(
                0,
                cmd.execute(
                        "--strategy",
                        "fedavg",
                        "--local-epochs",
                        "1",
                        "--participants",
                        "10",
                        "--rounds",
                        "5",
                        "--partition",
                        "iid",
                        "--no-compare",
                        "--out",
                        out.toString()),
                err.toString());
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(PYTORCH.length + 1, rows.size());
        for (int r = 0; r < PYTORCH.length; r++) {
            double loss = Double.parseDouble(rows.get(r + 1).split(",")[5]);
            assertTrue(
                    Math.abs(loss - PYTORCH[r]) <= 2.0, "round " + (r + 1) + ": " + loss + " vs PyTorch " + PYTORCH[r]);
        }
    }
}
