package org.fedvae.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class FuzzCommandTest {

    @Test
    void endsWithOneJsonLineWhosePathsCountEveryInput() throws Exception {
        Logger protocolLog = (Logger) LoggerFactory.getLogger("org.fedvae.protocol");
        Level level = protocolLog.getLevel();
        PrintStream stdout = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            code = new CommandLine(new FuzzCommand()).execute("--inputs", "40", "--seed", "3");
        } finally {
            System.setOut(stdout);
            protocolLog.setLevel(level); // the command silences it for the rest of the JVM
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        List<String> lines = out.lines().toList();
        assertEquals(1, lines.size(), out);
        JsonNode report = new ObjectMapper().readTree(lines.get(0));
        List<String> keys = new ArrayList<>();
        report.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("inputs", "seed", "crashes", "violations", "hangs", "seconds", "paths"), keys, out);
        assertEquals(40, report.get("inputs").asLong());
        assertEquals(3, report.get("seed").asLong());
        assertEquals(
                0,
                report.get("crashes").asLong()
                        + report.get("violations").asLong()
                        + report.get("hangs").asLong());
        assertTrue(report.get("seconds").isNumber(), out);
        long counted = 0;
        for (JsonNode n : report.get("paths")) {
            counted += n.asLong();
        }
        assertEquals(40, counted, out);
    }
}
