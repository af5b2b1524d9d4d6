package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedvae.coordinator.enrol.EnrolmentException;
import org.fedvae.coordinator.enrol.ThrowawayFederation;
import org.fedvae.protocol.encoding.CohortEvaluation;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.TransportLimits;

/**
 * A real {@link FederationCoordinator} on the in-VM transport with {@link ScriptedParticipant}s:
 * the round layer end to end, with a small model so a round takes milliseconds.
 */
final class ScriptedFederation implements AutoCloseable {

    static final int PARAMETERS = 1000;
    private static final AtomicInteger NAMES = new AtomicInteger();

    record Finished(RoundMetrics metrics, ModelParameters model) {}

    final FederationCoordinator coordinator;
    final Endpoint endpoint;
    final List<ScriptedParticipant> participants;
    final ModelParameters initial;
    final RoundPolicy policy;
    final BlockingQueue<Finished> rounds = new LinkedBlockingQueue<>();
    /** Participants whose departure the coordinator has handled, in order. */
    final BlockingQueue<String> departures = new LinkedBlockingQueue<>();

    final TransportLimits limits;

    ScriptedFederation(RoundPolicy policy, List<ScriptedParticipant> participants) throws IOException {
        this(policy, participants, TransportLimits.DEFAULTS);
    }

    ScriptedFederation(RoundPolicy policy, List<ScriptedParticipant> participants, TransportLimits limits)
            throws IOException {
        this(policy, participants, limits, FederationListener.NONE);
    }

    /** @param also a listener that hears every event too, before this class's own (so it is current when a round is handed out) */
    ScriptedFederation(
            RoundPolicy policy, List<ScriptedParticipant> participants, TransportLimits limits, FederationListener also)
            throws IOException {
        this.limits = limits;
        this.policy = policy;
        this.participants = List.copyOf(participants);
        this.initial = smallModel(7);
        this.endpoint = new Endpoint.InVm("scripted-" + NAMES.incrementAndGet());
        List<X509Certificate> certificates = new ArrayList<>();
        ThrowawayFederation fed;
        try {
            fed = ThrowawayFederation.create("Scripted federation CA");
            for (ScriptedParticipant p : participants) {
                certificates.add(fed.issue(p.id, p.identity.publicKey()));
            }
        } catch (EnrolmentException e) {
            throw new IOException(e.getMessage(), e);
        }
        this.coordinator = FederationCoordinator.start(
                CoordinatorConfig.builder(endpoint, new InVmAuthenticator(certificates), policy)
                        .initialModel(initial)
                        .limits(limits)
                        .ioThreads(1)
                        .revocations(fed::revocationList)
                        .build(),
                FederationListener.all(also, new FederationListener() {
                    @Override
                    public void roundFinished(RoundMetrics metrics, ModelParameters globalModel) {
                        rounds.add(new Finished(metrics, globalModel));
                    }

                    @Override
                    public void participantDisconnected(String participantId, int connected) {
                        departures.add(participantId);
                    }
                }));
    }

    /** Quick timeouts: a stalled participant costs two seconds. */
    static RoundPolicy policy(int rounds, int minParticipants) {
        return RoundPolicy.defaults(rounds, minParticipants)
                .with(new RoundPolicy.Deadlines(Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }

    static ModelParameters smallModel(long seed) {
        Random r = new Random(seed);
        float[] v = new float[PARAMETERS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return ModelParameters.of(new ModelSpec(List.of(new TensorSpec("w", new int[] {PARAMETERS}))), v);
    }

    void connectAll(EventLoopGroup group) throws InterruptedException {
        connect(group, participants);
    }

    void connect(EventLoopGroup group, List<ScriptedParticipant> some) throws InterruptedException {
        for (ScriptedParticipant p : some) {
            assertTrue(p.connect(group, endpoint, limits).isSuccess(), p.id + " was not welcomed");
        }
    }

    /** Waits until the coordinator has handled the departures of all of {@code ids}, in any order. */
    void awaitDepartures(String... ids) throws InterruptedException {
        java.util.Set<String> waiting = new java.util.HashSet<>(List.of(ids));
        while (!waiting.isEmpty()) {
            String next = departures.poll(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("the coordinator did not see " + waiting + " leave");
            }
            waiting.remove(next);
        }
    }

    Finished nextRound() throws InterruptedException {
        Finished f = rounds.poll(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no round finished in time");
        }
        return f;
    }

    /**
     * The round completed with exactly {@code survivors}, and the new model is the old one plus
     * the decoded sum of exactly their encoded updates: nothing lost, nothing foreign added. The
     * encoding is the one the survivors' RoundStart announced, which the metrics must report too.
     */
    static void assertAggregateOf(
            Finished f,
            ModelParameters before,
            List<ScriptedParticipant> survivors,
            int cohortSize,
            RoundPolicy policy) {
        assertTrue(
                f.metrics().completed(), () -> "round aborted: " + f.metrics().abortReason());
        List<String> ids = new ArrayList<>();
        survivors.forEach(s -> ids.add(s.id));
        ids.sort(null);
        assertEquals(ids, f.metrics().survivors());
        RoundConfig announced = survivors.get(0).configByRound.get(f.metrics().roundId());
        assertEquals(cohortSize, announced.cohortSize());
        EncodingConfig enc = announced.encoding();
        assertEquals(Optional.of(enc), f.metrics().encoding());
        int[] sum = new int[VectorLayout.wordCount(PARAMETERS)];
        for (ScriptedParticipant s : survivors) {
            int[] w = s.encodedByRound.get(f.metrics().roundId());
            for (int i = 0; i < sum.length; i++) {
                sum[i] += w[i];
            }
        }
        assertEquals(Integer.toUnsignedLong(sum[PARAMETERS]), f.metrics().totalWeight());
        CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(sum, enc);
        assertEquals(evaluation.samples(), f.metrics().testSamples());
        assertEquals(evaluation.clippedCoordinates(), f.metrics().clippedCoordinates());
        assertEquals(evaluation.meanLoss(), f.metrics().testLoss());
        float[] avg = UpdateDecoder.decodeAverage(sum, enc);
        float[] expected = before.toFlatArray();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += 1f * avg[i];
        }
        assertTrue(
                ModelParameters.of(before.spec(), expected).bitEquals(f.model()),
                "the new model is not the old one plus the survivors' aggregate");
    }

    @Override
    public void close() {
        for (ScriptedParticipant p : participants) {
            if (p.channel() != null) {
                p.channel().close();
            }
        }
        coordinator.close();
    }

    static ScriptedParticipant honest(int i) {
        return new ScriptedParticipant("honest-" + i, ScriptedParticipant.Script.HONEST);
    }

    static List<ScriptedParticipant> honest(int from, int to) {
        List<ScriptedParticipant> l = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            l.add(honest(i));
        }
        return l;
    }
}
