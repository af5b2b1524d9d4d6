package org.fedvae.coordinator.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fedvae.coordinator.federation.RoundAbort;

/** /api/status and /api/rounds: a {@link FederationStatus.Snapshot} as JSON (documented in the README). */
final class StatusDocuments {

    private StatusDocuments() {}

    static String status(FederationStatus.Snapshot s, boolean samples) {
        JsonText j = new JsonText().beginObject();
        j.key("federation").value(s.federation());
        j.key("rounds_planned").value(s.plannedRounds());
        j.key("rounds_done").value(s.roundsDone());
        j.key("finished").value(s.finished());
        j.key("time").value(s.now().toString());
        j.key("current_round");
        FederationStatus.CurrentRound c = s.current();
        if (c == null) {
            j.nullValue();
        } else {
            j.beginObject().key("round").value(c.round());
            j.key("cohort").value(c.cohort()).key("threshold").value(c.threshold());
            j.key("stage").value(c.stage());
            j.key("stage_deadline")
                    .value(c.stageDeadline() == null ? null : c.stageDeadline().toString());
            j.key("seconds_left");
            if (c.stageDeadline() == null) {
                j.nullValue();
            } else {
                j.value(Math.max(0, Duration.between(s.now(), c.stageDeadline()).toMillis() / 1000.0));
            }
            j.endObject();
        }
        j.key("participants").beginObject().key("connected").value(s.connected().size());
        j.key("names").beginArray();
        s.connected().forEach(j::value);
        j.endArray().endObject();
        j.key("last_round");
        if (s.rounds().isEmpty()) {
            j.nullValue();
        } else {
            round(j, s.rounds().get(s.rounds().size() - 1));
        }
        RoundTotals t = RoundTotals.of(s.rounds());
        j.key("totals").beginObject();
        j.key("completed").value(t.completed()).key("aborted").value(t.aborted());
        j.key("aborts_by_cause").beginObject();
        t.abortsByCause().forEach((cause, n) -> j.key(cause.name()).value(n));
        j.endObject();
        j.key("bytes_in").value(t.bytesIn()).key("bytes_out").value(t.bytesOut());
        j.key("seconds").value(t.seconds());
        j.endObject();
        j.key("samples").value(samples);
        return j.endObject().toString();
    }

    static String rounds(List<RoundFact> rounds) {
        JsonText j = new JsonText().beginArray();
        rounds.forEach(r -> round(j, r));
        return j.endArray().toString();
    }

    private static void round(JsonText j, RoundFact r) {
        j.beginObject();
        j.key("round").value(r.round());
        j.key("completed").value(r.completed());
        j.key("secure_aggregation").value(r.secureAggregation());
        j.key("cohort").value(r.cohort()).key("threshold").value(r.threshold());
        j.key("survivors").value(r.survivors());
        j.key("federated_test_loss").value(r.federatedTestLoss());
        j.key("test_samples").value(r.testSamples());
        j.key("test_loss").value(r.testLoss());
        j.key("bytes_in").value(r.bytesIn()).key("bytes_out").value(r.bytesOut());
        j.key("clipped").value(r.clippedCoordinates());
        j.key("seconds").value(r.seconds());
        j.key("stage_seconds").beginObject();
        for (Map.Entry<String, Double> e : r.stageSeconds().entrySet()) {
            j.key(e.getKey()).value(e.getValue());
        }
        j.endObject();
        j.key("abort");
        RoundAbort a = r.abort();
        if (a == null) {
            j.nullValue();
        } else {
            j.beginObject().key("cause").value(a.cause().name());
            j.key("stage").value(a.stage()).key("detail").value(a.detail()).endObject();
        }
        j.endObject();
    }
}
