package org.fedvae.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.fedvae.protocol.secagg.graph.GraphParameters;
import org.fedvae.protocol.secagg.graph.GraphRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** bench-secagg runs real rounds whose unmasked sum it checks word for word against the survivors' inputs. */
class BenchSecaggCommandTest {

    @ParameterizedTest(name = "n={0}, dropout stage {1}")
    @CsvSource({"20, MASKED_INPUT", "300, MASKED_INPUT", "300, CONSISTENCY_CHECK"})
    void sparseAndCompleteRoundsAreExact(int n, String stage) throws Exception {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            code = new CommandLine(new BenchSecaggCommand())
                    .execute(
                            "--participants", String.valueOf(n),
                            "--params", "64",
                            "--dropout", "0.1",
                            "--dropout-stage", stage,
                            "--warmup-participants", "0",
                            "--seed", "5");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        JsonNode report = new ObjectMapper().readTree(out.lines().toList().get(0));
        assertEquals("COMPLETED", report.get("outcome").asText(), out);
        assertTrue(report.get("exact_sum").asBoolean(), out);
        assertEquals(
                GraphRule.DEFAULT.forCohort(n).map(GraphParameters::degree).orElse(0),
                report.get("degree").asInt(),
                out);
        assertTrue(report.get("participant_cpu_ms").asDouble() > 0, out);
        assertTrue(report.get("coordinator_cpu_ms").asDouble() > 0, out);
    }
}
