package org.fedvae.simulations.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Every image's score under every attack, members first: for analyses the summary does not make. */
final class ScoresCsv {

    private ScoresCsv() {}

    static void write(Path csv, int members, Map<String, double[]> scores) throws IOException {
        int n = scores.values().iterator().next().length;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("image,member");
            for (String name : scores.keySet()) {
                w.write("," + name + "_score");
            }
            w.newLine();
            for (int i = 0; i < n; i++) {
                w.write(i + "," + (i < members ? 1 : 0));
                for (double[] s : scores.values()) {
                    w.write("," + s[i]);
                }
                w.newLine();
            }
        }
    }
}
