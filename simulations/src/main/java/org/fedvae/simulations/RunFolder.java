package org.fedvae.simulations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The folder a run writes its outputs to: given, or runs/&lt;timestamp&gt; by default. */
public final class RunFolder {

    private RunFolder() {}

    /** Creates the folder; refuses one that already holds a finished run, so nothing is overwritten. */
    public static Path prepare(Path requested, String kind) throws IOException {
        Path dir = requested != null
                ? requested
                : Path.of(
                        "runs",
                        kind + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir.resolve("summary.json"))) {
            throw new IOException(dir + " already holds a finished run (summary.json); choose another --out");
        }
        return Files.createDirectories(dir);
    }
}
