package org.fedvae.simulations.federation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fedvae.coordinator.federation.FederationListener;
import org.fedvae.coordinator.http.DashboardServer;
import org.fedvae.coordinator.http.FederationStatus;
import org.fedvae.coordinator.http.HttpAccess;
import org.fedvae.coordinator.http.RoundImages;

/**
 * {@code run --http}: the coordinator's dashboard over the simulated federation, plus what only a
 * simulation has, each round's central test loss and its model's 8x8 sample grid (the samples
 * PNGs the central evaluator writes into the run folder).
 */
public final class LiveDashboard implements AutoCloseable, RoundImages {

    private final FederationStatus status;
    private final Path samplesDir;
    /** Rounds whose samples PNG is completely written (their evaluation finished after it). */
    private final Set<Long> ready = ConcurrentHashMap.newKeySet();

    private final DashboardServer server;

    private LiveDashboard(HttpAccess access, String name, int rounds, Path samplesDir) throws IOException {
        this.status = new FederationStatus(name, rounds);
        this.samplesDir = samplesDir;
        this.server = DashboardServer.start(access, status, this);
    }

    public static LiveDashboard start(HttpAccess access, String name, int rounds, Path samplesDir) throws IOException {
        return new LiveDashboard(access, name, rounds, samplesDir);
    }

    public String url() {
        return server.url(false);
    }

    FederationListener listener() {
        return status;
    }

    /** The central evaluation of the model after {@code round} finished, samples written. */
    void evaluated(long round, double testLoss) {
        ready.add(round);
        status.centralTestLoss(round, testLoss);
    }

    @Override
    public Optional<byte[]> samplesPng(long round) {
        if (!ready.contains(round)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(samplesDir.resolve(CentralEvaluator.samplesFile(round))));
        } catch (IOException e) {
            return Optional.empty(); // the page shows the previous grid; run.log has the evaluator's error
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
