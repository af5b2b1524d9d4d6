package org.fedvae.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bench-vae's options: bad values are refused with a message; two threads report each thread and their sum. */
class BenchVaeCommandTest {

    @Test
    void refusesZeroThreads() {
        CommandLine cli = new CommandLine(new BenchVaeCommand());
        StringBuilder message = new StringBuilder();
        cli.setExecutionExceptionHandler((e, c, p) -> {
            message.append(e.getMessage());
            return 2;
        });
        assertEquals(2, cli.execute("--threads", "0"));
        assertTrue(message.toString().contains("--threads"), message.toString());
    }

    @Test
    void twoThreadsReportEachThreadAndTheirSum() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(
                    0,
                    new CommandLine(new BenchVaeCommand())
                            .execute("--threads", "2", "--batches", "3", "--warmup", "1", "--batch-size", "16"));
        } finally {
            System.setOut(saved);
        }
        String json = captured.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.startsWith("{"))
                .reduce((first, second) -> second)
                .orElse("(no JSON line) " + captured);
        assertTrue(json.startsWith("{\"bench\":\"vae-train-step\""), json);
        assertTrue(json.contains("\"threads\":2"), json);
        assertTrue(json.contains("\"per_thread_images_per_second\":["), json);
        assertTrue(json.contains("\"aggregate_images_per_second\":"), json);
        assertTrue(json.contains("\"cpu_ms_per_batch_median\":"), json);
    }
}
