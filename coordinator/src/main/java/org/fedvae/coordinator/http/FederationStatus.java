package org.fedvae.coordinator.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.fedvae.coordinator.federation.FederationListener;
import org.fedvae.coordinator.federation.RoundMetrics;
import org.fedvae.protocol.model.ModelParameters;

/**
 * What the dashboard and /metrics show, kept up to date by the coordinator's listener calls (on
 * its round thread) and read by the HTTP threads as immutable {@link Snapshot}s. It only records:
 * no I/O, so a slow page can never hold up a round.
 */
public final class FederationStatus implements FederationListener {

    /** The round in progress. */
    public record CurrentRound(long round, int cohort, int threshold, String stage, Instant stageDeadline) {}

    /**
     * Everything at one moment.
     *
     * @param current   the round in progress; null between rounds
     * @param connected the enrolled names of the connected participants, sorted
     * @param rounds    the rounds this process saw finish, in order
     */
    public record Snapshot(
            String federation,
            int plannedRounds,
            Instant now,
            CurrentRound current,
            List<String> connected,
            List<RoundFact> rounds,
            boolean finished) {

        /** The highest round id finished so far (0 before the first). */
        public long roundsDone() {
            return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).round();
        }
    }

    private final String federation;
    private final int plannedRounds;
    private final Clock clock;
    private final SortedSet<String> connected = new TreeSet<>();
    private final List<RoundFact> rounds = new ArrayList<>();
    private CurrentRound current;
    private boolean finished;

    public FederationStatus(String federation, int plannedRounds) {
        this(federation, plannedRounds, Clock.systemUTC());
    }

    FederationStatus(String federation, int plannedRounds, Clock clock) {
        this.federation = federation;
        this.plannedRounds = plannedRounds;
        this.clock = clock;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(
                federation,
                plannedRounds,
                clock.instant(),
                current,
                List.copyOf(connected),
                List.copyOf(rounds),
                finished);
    }

    /**
     * A central test loss of the model after {@code round}, from whoever can evaluate it (a
     * simulation); the coordinator itself never sees a model's quality beyond the federated loss.
     */
    public synchronized void centralTestLoss(long round, double loss) {
        for (int i = rounds.size() - 1; i >= 0; i--) {
            if (rounds.get(i).round() == round) {
                rounds.set(i, rounds.get(i).withTestLoss(loss));
                return;
            }
        }
    }

    @Override
    public synchronized void participantConnected(String participantId, int count) {
        connected.add(participantId);
    }

    @Override
    public synchronized void participantDisconnected(String participantId, int count) {
        connected.remove(participantId);
    }

    @Override
    public synchronized void roundStarted(long roundId, List<String> cohort, int threshold) {
        current = new CurrentRound(roundId, cohort.size(), threshold, "", null);
    }

    @Override
    public synchronized void stageStarted(long roundId, String stage, Duration timeout) {
        if (current != null && current.round() == roundId) {
            current = new CurrentRound(
                    roundId,
                    current.cohort(),
                    current.threshold(),
                    stage,
                    clock.instant().plus(timeout));
        }
    }

    @Override
    public synchronized void roundFinished(RoundMetrics metrics, ModelParameters globalModel) {
        rounds.add(RoundFact.of(metrics));
        if (current != null && current.round() == metrics.roundId()) {
            current = null;
        }
    }

    @Override
    public synchronized void federationFinished(long roundsDone, ModelParameters globalModel) {
        finished = true;
        current = null;
        connected.clear();
    }
}
