package org.fedvae.participant.federation;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.ParticipantIds;
import org.fedvae.protocol.transport.TransportLimits;

/**
 * Everything a {@link FederationParticipant} needs. Build with {@link #builder}.
 *
 * @param participantId   the id enrolled for this site (its certificate's CN)
 * @param identityKey     the 32-byte Ed25519 identity private key (signs secure-aggregation messages)
 * @param coordinator     where the coordinator listens
 * @param tls             client TLS context ({@code TlsContexts.client(files)}), or null for plain
 *                        connections (in-VM simulations, tests)
 * @param coordinatorName the name the coordinator's certificate must carry (default: the endpoint's host)
 * @param train           local training images (they never leave this participant)
 * @param test            local test images for federated evaluation (may be empty)
 * @param trainingExecutor where local training runs; share one among simulated participants so
 *                        they do not oversubscribe the cores. Null: a thread of this participant's own
 * @param eventLoops      Netty event loops to run on (shareable; must suit the endpoint); null: its own
 * @param limits          frame size, idle and handshake timeouts
 * @param reconnect       backoff after a lost connection
 * @param maxWait         the longest this participant waits for the coordinator within a round,
 *                        whatever deadlines the coordinator announces
 * @param outputDir       where to save the latest global model and sample grids; null for none
 * @param stateDir        what must survive a restart (the newest round taken part in); null keeps
 *                        it in memory only, which a deployment never does
 * @param minCohort       this site's own minimum cohort size: smaller rounds are declined (>= 3,
 *                        since with two members each learns the other's update from the next model)
 * @param reproducibleTrainingSeed null (the default): every round's training randomness (shuffles,
 *                        noise) comes from a fresh secret seed. A value makes training reproducible
 *                        from this seed and the round id, for simulations and tests only: a
 *                        deployment never sets it, since anyone who knows it can predict training
 * @param plainRoundsAllowed the ids of the rounds this site agreed to run WITHOUT secure aggregation,
 *                        its update going out UNMASKED (comparison runs only): consent per round, never
 *                        blanket; empty (the default) refuses every unmasked round
 * @param federationCa    the federation CA certificate (the site's ca.crt): every cohort member's
 *                        certificate and the revocation list must verify against it. Required
 * @param clientDp        this site's client-level DP budget: it takes part only in client-level DP rounds
 *                        within it (their spending in the state folder); null (the default): no such budget
 * @param privacy         this site's differential-privacy budget: DP-SGD in every round, its spending
 *                        in the state folder, rounds beyond it declined; null (the default) trains without DP
 */
public record ParticipantConfig(
        String participantId,
        byte[] identityKey,
        Endpoint coordinator,
        SslContext tls,
        String coordinatorName,
        ImageSet train,
        ImageSet test,
        Executor trainingExecutor,
        EventLoopGroup eventLoops,
        TransportLimits limits,
        ReconnectPolicy reconnect,
        Duration maxWait,
        Path outputDir,
        Path stateDir,
        int minCohort,
        Long reproducibleTrainingSeed,
        Set<Long> plainRoundsAllowed,
        X509Certificate federationCa,
        PrivacyBudget privacy,
        ClientDpBudget clientDp) {

    /** The smallest cohort a participant ever takes part in, and the default of its minimum. */
    public static final int MIN_COHORT = 3;

    public ParticipantConfig {
        ParticipantIds.require(participantId);
        Objects.requireNonNull(identityKey, "identityKey");
        if (identityKey.length != 32) {
            throw new IllegalArgumentException(
                    "the identity key is a 32-byte Ed25519 private key, got " + identityKey.length + " bytes");
        }
        identityKey = identityKey.clone();
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(reconnect, "reconnect");
        if (minCohort < MIN_COHORT) {
            throw new IllegalArgumentException(
                    "the minimum cohort size must be at least " + MIN_COHORT + ", got " + minCohort);
        }
        if (train.size() < 1) {
            throw new IllegalArgumentException("participant " + participantId + " has no training images");
        }
        if (tls != null && coordinator instanceof Endpoint.InVm) {
            throw new IllegalArgumentException("the in-VM transport runs without TLS");
        }
        if (coordinatorName == null && coordinator instanceof Endpoint.Tcp tcp) {
            coordinatorName = tcp.host();
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive, got " + maxWait);
        }
        plainRoundsAllowed = Set.copyOf(plainRoundsAllowed);
        // Without it a participant cannot tell the federation's members from ones the coordinator invents.
        Objects.requireNonNull(federationCa, "federationCa: the federation CA certificate (ca.crt) is required");
        if (federationCa.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(
                    "federationCa is not a CA certificate: " + federationCa.getSubjectX500Principal());
        }
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    public static Builder builder(
            String participantId, byte[] identityKey, Endpoint coordinator, ImageSet train, ImageSet test) {
        return new Builder(participantId, identityKey, coordinator, train, test);
    }

    /**
     * Optional settings and their defaults: no TLS, own threads, default limits and backoff, 2 h wait cap.
     * The federation CA ({@link #federationCa}) has no default: {@link #build} refuses a config without it.
     */
    public static final class Builder {
        private final String participantId;
        private final byte[] identityKey;
        private final Endpoint coordinator;
        private final ImageSet train;
        private final ImageSet test;
        private SslContext tls;
        private String coordinatorName;
        private Executor trainingExecutor;
        private EventLoopGroup eventLoops;
        private TransportLimits limits = TransportLimits.DEFAULTS;
        private ReconnectPolicy reconnect = ReconnectPolicy.DEFAULTS;
        private Duration maxWait = Duration.ofHours(2);
        private Path outputDir;
        private Path stateDir;
        private int minCohort = MIN_COHORT;
        private Long reproducibleTrainingSeed;
        private final Set<Long> plainRoundsAllowed = new HashSet<>();
        private X509Certificate federationCa;
        private PrivacyBudget privacy;
        private ClientDpBudget clientDp;

        private Builder(String participantId, byte[] identityKey, Endpoint coordinator, ImageSet train, ImageSet test) {
            this.participantId = participantId;
            this.identityKey = identityKey;
            this.coordinator = coordinator;
            this.train = train;
            this.test = test;
        }

        public Builder tls(SslContext clientContext, String expectedCoordinatorName) {
            this.tls = clientContext;
            this.coordinatorName = expectedCoordinatorName;
            return this;
        }

        public Builder trainingExecutor(Executor executor) {
            this.trainingExecutor = executor;
            return this;
        }

        public Builder eventLoops(EventLoopGroup group) {
            this.eventLoops = group;
            return this;
        }

        public Builder limits(TransportLimits l) {
            this.limits = l;
            return this;
        }

        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = policy;
            return this;
        }

        public Builder maxWait(Duration d) {
            this.maxWait = d;
            return this;
        }

        public Builder outputDir(Path dir) {
            this.outputDir = dir;
            return this;
        }

        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder minCohort(int n) {
            this.minCohort = n;
            return this;
        }

        /** Simulations and tests only: training reproducible from {@code seed} (see the record's doc). */
        public Builder insecureReproducibleTraining(long seed) {
            this.reproducibleTrainingSeed = seed;
            return this;
        }

        /** Consents to running round {@code roundId} WITHOUT secure aggregation (comparison runs only); repeatable. */
        public Builder allowPlainRound(long roundId) {
            this.plainRoundsAllowed.add(roundId);
            return this;
        }

        /** Required: the federation CA certificate that authenticates every cohort member. */
        public Builder federationCa(X509Certificate ca) {
            this.federationCa = ca;
            return this;
        }

        /** Trains with DP-SGD under this site's own budget. */
        public Builder differentialPrivacy(PrivacyBudget budget) {
            this.privacy = budget;
            return this;
        }

        /** Takes part only in client-level DP rounds within this site's own client-level budget. */
        public Builder clientDp(ClientDpBudget budget) {
            this.clientDp = budget;
            return this;
        }

        public ParticipantConfig build() {
            return new ParticipantConfig(
                    participantId,
                    identityKey,
                    coordinator,
                    tls,
                    coordinatorName,
                    train,
                    test,
                    trainingExecutor,
                    eventLoops,
                    limits,
                    reconnect,
                    maxWait,
                    outputDir,
                    stateDir,
                    minCohort,
                    reproducibleTrainingSeed,
                    plainRoundsAllowed,
                    federationCa,
                    privacy,
                    clientDp);
        }
    }
}
