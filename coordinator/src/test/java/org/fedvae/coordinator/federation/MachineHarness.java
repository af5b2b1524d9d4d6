package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedvae.protocol.encoding.CohortEvaluation;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.Envelope;

/**
 * Drives a {@link FederationMachine} by hand, the way {@link ActionExecutor} does over the network
 * but in one thread with a clock that only moves when told: every event is a method call, every
 * action is carried out at once (envelopes queue in the {@link MachineSite}s' inboxes, deadlines
 * wait in {@link #deadlines} until a test fires them). No sleeps, no threads, no sockets.
 */
final class MachineHarness {

    final RoundPolicy policy;
    final RunState state;
    final FederationMachine machine;
    final ModelParameters initial;
    final Map<String, MachineSite> sites = new TreeMap<>();
    /** Armed and not cancelled: token and duration, in arming order. */
    final Map<Long, Duration> deadlines = new LinkedHashMap<>();

    final List<RoundAction> actions = new ArrayList<>();
    final List<RoundAction.Refuse> refused = new ArrayList<>();
    final List<String> farewells = new ArrayList<>();
    final List<Long> roundStartsRecorded = new ArrayList<>();
    final List<Long> checkpoints = new ArrayList<>();
    final List<RoundMetrics> metricsRows = new ArrayList<>();
    final List<RoundMetrics> finishedRounds = new ArrayList<>();
    final List<ModelParameters> models = new ArrayList<>();
    final List<List<String>> startedCohorts = new ArrayList<>();
    boolean runOver;
    Throwable runFailure;
    boolean failNextCheckpoint;
    boolean failNextRoundStart;
    private long nanos;

    MachineHarness(RoundPolicy policy) throws IOException {
        this(policy, null);
    }

    MachineHarness(RoundPolicy policy, Path stateDir) throws IOException {
        this.policy = policy;
        this.initial = ScriptedFederation.smallModel(7);
        this.state = RunState.open(stateDir, initial, "fedavg", null);
        this.machine = new FederationMachine(policy, state, () -> nanos);
        carryOut(machine.begin());
    }

    // ------------------------------------------------------------------ events

    void connect(String... ids) {
        for (String id : ids) {
            MachineSite s = sites.computeIfAbsent(id, MachineSite::new);
            s.connected = true;
            carryOut(machine.connected(id, s.identity.publicKey(), s.certificate));
        }
    }

    MachineSite site(String id) {
        return sites.computeIfAbsent(id, MachineSite::new);
    }

    void disconnect(String id) {
        sites.get(id).connected = false;
        carryOut(machine.disconnected(id));
    }

    void send(String id, Envelope e) {
        carryOut(machine.received(id, e));
    }

    void advance(Duration d) {
        nanos += d.toNanos();
    }

    /** The one pending deadline passes (after its duration on the clock), then everything settles. */
    void fireDeadline() {
        assertEquals(1, deadlines.size(), "pending deadlines: " + deadlines);
        Map.Entry<Long, Duration> d = deadlines.entrySet().iterator().next();
        deadlines.remove(d.getKey());
        advance(d.getValue());
        carryOut(machine.deadlinePassed(d.getKey()));
        settle();
    }

    /** One site answers what is queued for it (its script may withhold answers, or disconnect). */
    boolean step(MachineSite s) {
        boolean moved = false;
        Envelope e;
        while (s.connected && (e = s.inbox.poll()) != null) {
            moved = true;
            for (Envelope reply : s.handle(e)) {
                if (!s.connected) {
                    break;
                }
                if (s.withholds(reply)) {
                    if (s.disconnectsWhenSilent) {
                        disconnect(s.id);
                    }
                    continue;
                }
                send(s.id, reply);
            }
        }
        return moved;
    }

    void step(String id) {
        step(sites.get(id));
    }

    /** Sites answer, in id order, until nobody has anything left to answer. */
    void settle() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (MachineSite s : List.copyOf(sites.values())) {
                moved |= step(s);
            }
        }
    }

    // ------------------------------------------------------------------ actions, as ActionExecutor carries them out

    void carryOut(List<RoundAction> batch) {
        for (RoundAction a : batch) {
            actions.add(a);
            if (a instanceof RoundAction.Send s) {
                deliver(s.to(), s.envelope());
            } else if (a instanceof RoundAction.Broadcast b) {
                b.to().forEach(id -> deliver(id, b.envelope()));
            } else if (a instanceof RoundAction.Refuse r) {
                refused.add(r);
                sites.get(r.to()).connected = false;
            } else if (a instanceof RoundAction.Close c) {
                sites.get(c.to()).connected = false;
            } else if (a instanceof RoundAction.Farewell f) {
                f.to().forEach(id -> deliver(id, f.envelope()));
                farewells.addAll(f.to());
            } else if (a instanceof RoundAction.ArmDeadline d) {
                deadlines.put(d.token(), d.after());
            } else if (a instanceof RoundAction.CancelDeadline d) {
                deadlines.remove(d.token());
            } else if (a instanceof RoundAction.RecordRoundStart s) {
                if (failNextRoundStart) {
                    failNextRoundStart = false;
                    carryOut(machine.storageFailed(new IOException("disk full (round start)")));
                    return;
                }
                roundStartsRecorded.add(s.roundId());
            } else if (a instanceof RoundAction.Checkpoint c) {
                if (failNextCheckpoint) {
                    failNextCheckpoint = false;
                    carryOut(machine.storageFailed(new IOException("disk full (checkpoint)")));
                    return;
                }
                checkpoints.add(c.roundId());
            } else if (a instanceof RoundAction.RecordMetrics m) {
                metricsRows.add(m.metrics());
            } else if (a instanceof RoundAction.Notify n) {
                n.call().accept(listener);
            } else if (a instanceof RoundAction.Finish f) {
                runOver = true;
                runFailure = f.failure();
            }
        }
    }

    private void deliver(String id, Envelope e) {
        MachineSite s = sites.get(id);
        if (s != null && s.connected) {
            s.inbox.add(e);
        }
    }

    private final FederationListener listener = new FederationListener() {
        @Override
        public void roundStarted(long roundId, List<String> cohort) {
            startedCohorts.add(cohort);
        }

        @Override
        public void roundFinished(RoundMetrics metrics, ModelParameters globalModel) {
            finishedRounds.add(metrics);
            models.add(globalModel);
        }
    };

    // ------------------------------------------------------------------ checks

    RoundMetrics lastRound() {
        return finishedRounds.get(finishedRounds.size() - 1);
    }

    /**
     * The round completed with exactly {@code survivors}, and the model after it is {@code before}
     * plus the decoded sum of exactly their encoded updates, under the encoding their RoundStart
     * announced (which the metrics report too).
     */
    void assertAggregateOf(RoundMetrics m, ModelParameters after, ModelParameters before, List<String> survivors) {
        assertTrue(m.completed(), () -> "round aborted: " + m.abortReason());
        assertEquals(survivors, m.survivors());
        EncodingConfig enc =
                sites.get(survivors.get(0)).configByRound.get(m.roundId()).encoding();
        assertEquals(java.util.Optional.of(enc), m.encoding());
        int[] sum = new int[VectorLayout.wordCount(before.size())];
        for (String id : survivors) {
            int[] w = sites.get(id).encodedByRound.get(m.roundId());
            for (int i = 0; i < sum.length; i++) {
                sum[i] += w[i];
            }
        }
        assertEquals(Integer.toUnsignedLong(sum[before.size()]), m.totalWeight());
        CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(sum, enc);
        assertEquals(evaluation.samples(), m.testSamples());
        assertEquals(evaluation.clippedCoordinates(), m.clippedCoordinates());
        assertEquals(evaluation.meanLoss(), m.testLoss());
        float[] avg = UpdateDecoder.decodeAverage(sum, enc);
        float[] expected = before.toFlatArray();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += avg[i];
        }
        assertTrue(
                ModelParameters.of(before.spec(), expected).bitEquals(after),
                "the new model is not the survivors' aggregate");
    }
}
