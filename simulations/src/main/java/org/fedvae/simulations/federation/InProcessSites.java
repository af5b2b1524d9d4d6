package org.fedvae.simulations.federation;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.federation.ClientDpBudget;
import org.fedvae.participant.federation.FederationParticipant;
import org.fedvae.participant.federation.ParticipantConfig;
import org.fedvae.participant.federation.ParticipantListener;
import org.fedvae.participant.federation.PrivacyBudget;
import org.fedvae.participant.federation.ReconnectPolicy;
import org.fedvae.protocol.random.Seeds;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.TransportLimits;

/**
 * The simulated sites of one in-process federation: the real {@link FederationParticipant}
 * each, sharing event loops and the training threads. Faults are injected here and only here:
 * a site the {@link FaultPlan} picks is closed as a crash would close it when it enters the
 * planned stage, and comes back (a new process, same identity) a moment later; a straggler's
 * training is handed to the training threads {@code stragglerDelay} late.
 */
final class InProcessSites implements AutoCloseable {

    /** How one site connects: its id, identity key, over TCP its TLS context, and the federation CA it authenticates cohorts with. */
    record Site(
            String id,
            byte[] identityKey,
            SslContext tls,
            ImageSet train,
            ImageSet test,
            boolean straggler,
            X509Certificate federationCa) {}

    private static final Duration RESTART_AFTER = Duration.ofMillis(200);

    private final List<Site> sites;
    private final Endpoint endpoint;
    private final EventLoopGroup loops;
    private final Executor training;
    private final ScheduledExecutorService scheduler;
    private final Duration stragglerDelay;
    private final FaultPlan faults;
    private final long seed;
    private final Set<Long> plainRounds;
    private final Map<String, FederationParticipant> running = new ConcurrentHashMap<>();
    private final Map<Long, Set<String>> crashed = new ConcurrentHashMap<>();
    private final PrivacyBudget privacy; // null: no DP
    private final ClientDpBudget clientDp; // null: no client-level budget
    private final TransportLimits limits;
    private volatile boolean closed;

    InProcessSites(
            List<Site> sites,
            Endpoint endpoint,
            EventLoopGroup loops,
            Executor training,
            ScheduledExecutorService scheduler,
            Duration stragglerDelay,
            FaultPlan faults,
            long seed,
            Set<Long> plainRounds,
            PrivacyBudget privacy,
            ClientDpBudget clientDp,
            TransportLimits limits) {
        this.sites = sites;
        this.endpoint = endpoint;
        this.loops = loops;
        this.training = training;
        this.scheduler = scheduler;
        this.stragglerDelay = stragglerDelay;
        this.faults = faults;
        this.seed = seed;
        this.plainRounds = Set.copyOf(plainRounds);
        this.privacy = privacy;
        this.clientDp = clientDp;
        this.limits = limits;
    }

    void startAll() {
        for (int i = 0; i < sites.size(); i++) {
            start(i);
        }
    }

    /** Sites crashed on purpose in {@code round}. */
    int crashedIn(long round) {
        Set<String> s = crashed.get(round);
        return s == null ? 0 : s.size();
    }

    private void start(int index) {
        if (closed) {
            return;
        }
        Site site = sites.get(index);
        Executor executor = site.straggler()
                ? task -> scheduler.schedule(
                        () -> training.execute(task), stragglerDelay.toMillis(), TimeUnit.MILLISECONDS)
                : training;
        ParticipantConfig.Builder b = ParticipantConfig.builder(
                        site.id(), site.identityKey(), endpoint, site.train(), site.test())
                .trainingExecutor(executor)
                .eventLoops(loops)
                .limits(limits)
                .reconnect(new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(10)))
                .insecureReproducibleTraining(Seeds.mix(seed, index)) // a simulation: the same seed gives the same run
                .federationCa(site.federationCa())
                .differentialPrivacy(privacy)
                .clientDp(clientDp);
        plainRounds.forEach(b::allowPlainRound);
        if (site.tls() != null) {
            b.tls(site.tls(), "localhost");
        }
        AtomicReference<FederationParticipant> self = new AtomicReference<>();
        ParticipantListener crashOnSchedule = new ParticipantListener() {
            @Override
            public void stageEntered(long roundId, SecAggStage stage) {
                if (faults.dropStage(index, roundId).filter(stage::equals).isPresent()
                        && crashed.computeIfAbsent(roundId, r -> ConcurrentHashMap.newKeySet())
                                .add(site.id())) {
                    self.get().close(); // set: stages start only after the connection, long after start() returned
                    scheduler.schedule(() -> start(index), RESTART_AFTER.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        };
        try {
            self.set(FederationParticipant.start(b.build(), crashOnSchedule));
        } catch (IOException e) {
            // Simulated sites keep their state in memory (a restart here is a crash of the process, not of its disk).
            throw new UncheckedIOException("site " + site.id() + " cannot start: " + e.getMessage(), e);
        }
        running.put(site.id(), self.get());
    }

    /**
     * Waits (bounded) until every site has received the end of the federation, so that closing
     * cuts no connection that still carries the final model.
     */
    void awaitFinished(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (FederationParticipant p : running.values()) {
            try {
                p.finished().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // A site that failed or is late is closed below like the others.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        running.values().forEach(FederationParticipant::close);
    }
}
