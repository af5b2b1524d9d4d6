package org.fedvae.coordinator.http;

import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.fedvae.coordinator.federation.RoundAbort;

/**
 * /metrics: a {@link FederationStatus.Snapshot} in the Prometheus text exposition format
 * (version 0.0.4), every family with its HELP and TYPE lines. Counters count the rounds this
 * process saw finish, so they start again at 0 after a restart, as Prometheus expects.
 */
final class PrometheusExposition {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder b = new StringBuilder();

    private PrometheusExposition() {}

    static String render(FederationStatus.Snapshot s) {
        RoundTotals t = RoundTotals.of(s.rounds());
        PrometheusExposition p = new PrometheusExposition();
        p.family("fedvae_rounds_planned", "gauge", "Rounds the federation is configured to run.")
                .sample("fedvae_rounds_planned", s.plannedRounds());
        p.family("fedvae_rounds_done", "gauge", "The id of the last finished round (completed or aborted).")
                .sample("fedvae_rounds_done", s.roundsDone());
        p.family("fedvae_rounds_completed_total", "counter", "Rounds that produced a new global model.")
                .sample("fedvae_rounds_completed_total", t.completed());
        p.family("fedvae_round_aborts_total", "counter", "Rounds that ended without a new global model, by cause.");
        for (Map.Entry<RoundAbort.Cause, Long> e : t.abortsByCause().entrySet()) {
            p.sample("fedvae_round_aborts_total{cause=\"" + e.getKey().name() + "\"}", e.getValue());
        }
        p.family("fedvae_round_seconds", "summary", "Duration of a round, from cohort selection to aggregation.")
                .sample("fedvae_round_seconds_sum", t.seconds())
                .sample("fedvae_round_seconds_count", t.timedRounds());
        p.family("fedvae_bytes_received_total", "counter", "Envelope bytes received from participants in rounds.")
                .sample("fedvae_bytes_received_total", t.bytesIn());
        p.family("fedvae_bytes_sent_total", "counter", "Envelope bytes sent to participants in rounds.")
                .sample("fedvae_bytes_sent_total", t.bytesOut());
        p.family("fedvae_clipped_coordinates_total", "counter", "Update coordinates clipped when encoding.")
                .sample("fedvae_clipped_coordinates_total", t.clippedCoordinates());
        p.family("fedvae_participants_connected", "gauge", "Participants connected now.")
                .sample("fedvae_participants_connected", s.connected().size());
        FederationStatus.CurrentRound c = s.current();
        p.family("fedvae_round_in_progress", "gauge", "The id of the round in progress; 0 between rounds.")
                .sample("fedvae_round_in_progress", c == null ? 0 : c.round());
        p.family("fedvae_round_cohort", "gauge", "Cohort size of the round in progress, else of the last round.")
                .sample("fedvae_round_cohort", c != null ? c.cohort() : last(s.rounds(), RoundFact::cohort));
        p.family("fedvae_round_threshold", "gauge", "Threshold of the round in progress, else of the last round.")
                .sample("fedvae_round_threshold", c != null ? c.threshold() : last(s.rounds(), RoundFact::threshold));
        p.family("fedvae_last_round_survivors", "gauge", "Participants whose updates are in the last round's sum.")
                .sample("fedvae_last_round_survivors", last(s.rounds(), RoundFact::survivors));
        p.family(
                        "fedvae_federated_test_loss",
                        "gauge",
                        "Last completed round: the sites' weighted test loss of the model the round started from.")
                .sample("fedvae_federated_test_loss", lastLoss(s.rounds()));
        p.family("fedvae_federation_finished", "gauge", "1 once the last round ended.")
                .sample("fedvae_federation_finished", s.finished() ? 1 : 0);
        return p.b.toString();
    }

    private static long last(List<RoundFact> rounds, ToIntFunction<RoundFact> f) {
        return rounds.isEmpty() ? 0 : f.applyAsInt(rounds.get(rounds.size() - 1));
    }

    private static double lastLoss(List<RoundFact> rounds) {
        for (int i = rounds.size() - 1; i >= 0; i--) {
            if (rounds.get(i).completed()) {
                return rounds.get(i).federatedTestLoss();
            }
        }
        return Double.NaN;
    }

    private PrometheusExposition family(String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    private PrometheusExposition sample(String nameAndLabels, long value) {
        b.append(nameAndLabels).append(' ').append(value).append('\n');
        return this;
    }

    private PrometheusExposition sample(String nameAndLabels, double value) {
        String v = Double.isNaN(value)
                ? "NaN"
                : Double.isInfinite(value) ? (value > 0 ? "+Inf" : "-Inf") : Double.toString(value);
        b.append(nameAndLabels).append(' ').append(v).append('\n');
        return this;
    }
}
