package org.fedvae.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays the corpus in resources/fuzz-corpus/: a sample of a seeded campaign and every input
 * that ever failed (add a failing line from `fuzz --save-corpus` to failures.txt). Every line
 * must pass every invariant.
 */
class FuzzCorpusTest {

    private static final String[] FILES = {"seed-2-every-7.txt", "failures.txt"};

    @Test
    void everyCorpusInputHoldsEveryInvariant() throws IOException {
        SecAggFuzzTargets targets = new SecAggFuzzTargets();
        List<String> failed = new ArrayList<>();
        int lines = 0;
        for (String file : FILES) {
            for (String line : lines(file)) {
                lines++;
                Verdict v = targets.run(FuzzInput.parse(line));
                if (v.failedInvariant()) {
                    failed.add(file + ": " + v.failure() + ": " + line);
                }
            }
        }
        assertTrue(lines >= 300, "corpus has " + lines + " inputs");
        assertEquals(List.of(), failed);
    }

    @Test
    void corpusLinesRoundTrip() throws IOException {
        for (String line : lines(FILES[0])) {
            assertEquals(line, FuzzInput.parse(line).toLine());
        }
    }

    private static List<String> lines(String file) throws IOException {
        try (InputStream in = FuzzCorpusTest.class.getResourceAsStream("/fuzz-corpus/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus file " + file);
            }
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        }
    }
}
