package org.fedvae.simulations.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.fedvae.simulations.SimulationsMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The privacy commands, run in-process through the simulations jar's own command line. */
class PrivacyCommandTest {

    private record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            List<String> lines = out.lines().toList();
            assertEquals(1, lines.size(), out);
            return new ObjectMapper().readTree(lines.get(0));
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SimulationsMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void epsilonPrintsTheBestEpsilonAndOrder() throws Exception {
        // dp_accounting's published setting; its best order is an integer, so the same epsilon.
        Result r = run(
                "privacy",
                "epsilon",
                "--sampling-rate",
                "0.01",
                "--noise-multiplier",
                "2.5",
                "--steps",
                "50",
                "--delta",
                "1e-5");
        assertEquals(0, r.code(), r.err());
        JsonNode json = r.json();
        assertEquals(0.1447863792989789, json.get("epsilon").asDouble(), 1e-9);
        assertEquals(57.0, json.get("order").asDouble());
        assertEquals(50, json.get("steps").asLong());
    }

    @Test
    void rdpPrintsOneValuePerOrderExactAtFractionalOrders() throws Exception {
        Result r = run(
                "privacy",
                "rdp",
                "--sampling-rate",
                "0.01",
                "--noise-multiplier",
                "2.5",
                "--steps",
                "50",
                "--orders",
                "1.5,2.5,5,50,100");
        assertEquals(0, r.code(), r.err());
        JsonNode json = r.json();
        double[] expected = {6.5007090e-4, 1.0854181e-3, 2.18075656e-3, 2.38460375e-2, 1.67416308e+2};
        assertEquals(expected.length, json.get("rdp").size(), r.out());
        for (int i = 0; i < expected.length; i++) {
            double got = json.get("rdp").get(i).asDouble();
            assertEquals(
                    expected[i],
                    got,
                    1e-6 * expected[i],
                    "order " + json.get("orders").get(i));
        }
    }

    @Test
    void rdpWithoutOrdersUsesTheDefaultGrid() throws Exception {
        Result r = run("privacy", "rdp", "--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "10");
        assertEquals(0, r.code(), r.err());
        assertEquals(156, r.json().get("orders").size());
        assertEquals(1024.0, r.json().get("orders").get(155).asDouble());
    }

    @Test
    void sigmaPrintsTheNoiseThatReachesTheTarget() throws Exception {
        // The PyTorch reference: 20,000 images, batch 1,024, 10 epochs; sigma 1 gives epsilon 5.44.
        Result r = run(
                "privacy",
                "sigma",
                "--epsilon",
                "5.437960247290155",
                "--sampling-rate",
                "0.0512",
                "--steps",
                "195",
                "--delta",
                "1e-5");
        assertEquals(0, r.code(), r.err());
        JsonNode json = r.json();
        assertEquals(1.0, json.get("noise_multiplier").asDouble(), 1e-6);
        assertTrue(json.get("epsilon").asDouble() <= 5.437960247290155, r.out());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "epsilon --sampling-rate 1.5 --noise-multiplier 1 --steps 10 --delta 1e-5",
                "epsilon --sampling-rate -0.1 --noise-multiplier 1 --steps 10 --delta 1e-5",
                "epsilon --sampling-rate 0.1 --noise-multiplier 0 --steps 10 --delta 1e-5",
                "epsilon --sampling-rate 0.1 --noise-multiplier -2 --steps 10 --delta 1e-5",
                "epsilon --sampling-rate 0.1 --noise-multiplier 1 --steps -1 --delta 1e-5",
                "epsilon --sampling-rate 0.1 --noise-multiplier 1 --steps 10 --delta 0",
                "epsilon --sampling-rate 0.1 --noise-multiplier 1 --steps 10 --delta 1",
                "epsilon --sampling-rate abc --noise-multiplier 1 --steps 10 --delta 1e-5",
                "epsilon --sampling-rate 0.1 --noise-multiplier 1 --steps 10",
                "rdp --sampling-rate 0.1 --noise-multiplier 1 --steps 10 --orders 1.5,x",
                "rdp --sampling-rate 0.1 --noise-multiplier 1 --steps 10 --orders 1.5,1",
                "rdp --sampling-rate 0.1 --noise-multiplier 1 --steps 10 --orders 0.5",
                "sigma --epsilon 0 --sampling-rate 0.01 --steps 100 --delta 1e-5",
                "sigma --epsilon 1 --sampling-rate 0 --steps 100 --delta 1e-5",
                "sigma --epsilon 1 --sampling-rate 0.01 --steps 0 --delta 1e-5",
                "sigma --epsilon 1 --sampling-rate 0.01 --steps 100 --delta 2"
            })
    void badInputIsOneLineAndExitCodeTwo(String args) {
        String[] words = ("privacy " + args).split(" ");
        Result r = run(words);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("fedvae-simulations privacy "), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void helpSaysWhichFractionalOrderMethodIsUsed() {
        for (String sub : List.of("epsilon", "rdp")) {
            Result r = run("privacy", sub, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("numerical integration"), r.out());
        }
    }
}
