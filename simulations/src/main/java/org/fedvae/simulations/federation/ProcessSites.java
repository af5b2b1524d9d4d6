package org.fedvae.simulations.federation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.fedvae.participant.ParticipantMain;
import org.fedvae.participant.federation.PrivacyBudget;
import org.fedvae.protocol.random.Seeds;
import org.fedvae.protocol.transport.Endpoint;

/**
 * Each site as its own JVM, started exactly as an operator would start one: the participant's
 * {@code join} command with its enrolled credentials, over loopback TCP with mutual TLS. Each
 * reads the dataset itself and takes its interleaved shard i/n of it. Output goes to
 * sites/SITE.log in the run folder.
 */
final class ProcessSites implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();

    ProcessSites(
            List<String> ids,
            List<Path> credentials,
            Endpoint.Tcp coordinator,
            String dataset,
            long seed,
            Set<Long> plainRounds,
            PrivacyBudget privacy,
            int maxCohort,
            Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < ids.size(); i++) {
            List<String> cmd = new ArrayList<>(List.of(
                    java,
                    "-Xmx2g",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ParticipantMain.class.getName(),
                    "join",
                    "--coordinator",
                    coordinator.toString(),
                    "--coordinator-name",
                    "localhost",
                    "--credentials",
                    credentials.get(i).toString(),
                    "--dataset",
                    dataset,
                    "--shard",
                    (i + 1) + "/" + ids.size(),
                    "--insecure-reproducible-seed",
                    Long.toString(Seeds.mix(seed, i)),
                    "--give-up-after",
                    "120",
                    "--max-cohort",
                    Integer.toString(maxCohort)));
            if (privacy != null) {
                cmd.addAll(privacyArguments(privacy));
            }
            for (long round : plainRounds) {
                cmd.addAll(List.of("--allow-no-secagg-round", Long.toUnsignedString(round)));
            }
            File log = logDir.resolve(ids.get(i) + ".log").toFile();
            processes.add(new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start());
        }
    }

    /** The same budget for a site's {@code join}. */
    private static List<String> privacyArguments(PrivacyBudget b) {
        List<String> args = new ArrayList<>(List.of(
                "--dp-epsilon", Double.toString(b.epsilon()),
                "--dp-delta", Double.toString(b.delta()),
                "--dp-clip", Double.toString(b.clipNorm()),
                "--dp-batch-size", Integer.toString(b.batchSize()),
                "--dp-planned-rounds", Integer.toString(b.plannedRounds())));
        if (b.epochsPerRound() != null) {
            args.addAll(List.of("--dp-epochs-per-round", Integer.toString(b.epochsPerRound())));
        }
        return args;
    }

    /** Fails when a site's JVM ended with an error (e.g. it could not load its data). */
    void checkAlive() {
        for (Process p : processes) {
            if (!p.isAlive() && p.exitValue() != 0) {
                throw new IllegalStateException(
                        "a participant process exited with code " + p.exitValue() + "; see its log under sites/");
            }
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroy();
                }
            } catch (InterruptedException e) {
                p.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }
}
