package org.fedvae.simulations;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedvae.protocol.fuzz.FuzzCampaign;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The long fuzz run of docs/SECURITY.md: the transport pipeline and both secure-aggregation state
 * machines against random and mutated inputs, with progress on stderr and one JSON line at the
 * end. Exit code 1 if any input crashed, hung or broke an invariant.
 */
@Command(
        name = "fuzz",
        mixinStandardHelpOptions = true,
        description = "Fuzz the frame decoder and the secure-aggregation state machines; print one JSON line.")
public final class FuzzCommand implements Callable<Integer> {

    @Option(names = "--inputs", defaultValue = "1000000", description = "Number of inputs. Default: ${DEFAULT-VALUE}.")
    long inputs;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the run (the same seed gives the same inputs). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--watchdog-seconds",
            defaultValue = "30",
            description = "An input still running after this long counts as a hang. Default: ${DEFAULT-VALUE}.")
    long watchdogSeconds;

    @Option(
            names = "--save-corpus",
            paramLabel = "FILE",
            description =
                    "Append every failing input, and one in --corpus-every of the others, to FILE (corpus line format).")
    Path corpus;

    @Option(
            names = "--corpus-every",
            defaultValue = "0",
            description = "Keep one passing input in this many (0: none). Default: ${DEFAULT-VALUE}.")
    long corpusEvery;

    @Override
    public Integer call() throws IOException {
        // Every refused frame would log a line; a million of them would drown the run.
        ((Logger) LoggerFactory.getLogger("org.fedvae.protocol")).setLevel(Level.OFF);
        long every = Math.max(1, Math.min(10_000, inputs / 100));
        BufferedWriter out = corpus == null
                ? null
                : Files.newBufferedWriter(
                        corpus,
                        StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
        long[] index = {0};
        FuzzCampaign.Report r;
        try (FuzzCampaign campaign = new FuzzCampaign(seed, watchdogSeconds * 1000)) {
            r = campaign.run(
                    inputs,
                    every,
                    p -> System.err.printf(
                            Locale.ROOT,
                            "[fuzz] %d/%d inputs, %d crashes, %d violations, %d hangs, %.0f s%n",
                            p.inputs(),
                            inputs,
                            p.crashes(),
                            p.violations(),
                            p.hangs(),
                            p.seconds()),
                    (in, v) -> {
                        boolean keep =
                                v == null || v.failedInvariant() || corpusEvery > 0 && index[0] % corpusEvery == 0;
                        index[0]++;
                        if (out != null && keep) {
                            try {
                                out.write(in.toLine());
                                out.newLine();
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    });
        } finally {
            if (out != null) {
                out.close();
            }
        }
        r.failures().forEach(f -> System.err.println("[fuzz] FAILED " + f));
        ObjectNode categories = Json.object();
        r.categories().forEach(categories::put);
        ObjectNode report = Json.object()
                .put("inputs", r.inputs())
                .put("seed", seed)
                .put("crashes", r.crashes())
                .put("violations", r.violations())
                .put("hangs", r.hangs())
                .put("seconds", Math.round(r.seconds() * 10) / 10.0);
        report.set("paths", categories);
        System.out.println(Json.line(report));
        return r.crashes() + r.violations() + r.hangs() == 0 ? 0 : 1;
    }
}
