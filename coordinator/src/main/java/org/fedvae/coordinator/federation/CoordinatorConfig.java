package org.fedvae.coordinator.federation;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.util.Objects;
import org.fedvae.coordinator.aggregation.Strategies;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.PeerAuthenticator;
import org.fedvae.protocol.transport.TransportLimits;

/**
 * Everything a {@link FederationCoordinator} needs. Build with {@link #builder}.
 *
 * @param endpoint       where to listen: TCP (port 0 for any free port) or an in-VM name
 * @param tls            server TLS context ({@code TlsContexts.server(files, true)} for mutual TLS),
 *                       or null for plain connections (in-VM simulations, tests)
 * @param authenticator  decides who a connecting participant is and gives its identity key:
 *                       {@code CertificateAuthenticator} with TLS, {@link InVmAuthenticator} in-VM
 * @param limits         frame size, idle and handshake timeouts, and n_max of the per-message bounds (at least the
 *                       policy's largest cohort)
 * @param policy         the rounds
 * @param strategy       server strategy name (fedavg, fedavgm, fedadam)
 * @param serverLearningRate the strategy's learning rate, or null for its default
 * @param stateDir       checkpoints and metrics.csv, resumed from when it holds a checkpoint; null for none
 * @param initialModel   the model of round 1; may be null when stateDir holds a checkpoint
 * @param ioThreads      Netty event loop threads for all connections
 * @param revocations    the federation's revocation list, passed along in every RoundStart (required:
 *                       participants refuse a round without it)
 */
public record CoordinatorConfig(
        Endpoint endpoint,
        SslContext tls,
        PeerAuthenticator authenticator,
        TransportLimits limits,
        RoundPolicy policy,
        String strategy,
        Float serverLearningRate,
        Path stateDir,
        ModelParameters initialModel,
        int ioThreads,
        RevocationListSource revocations) {

    public CoordinatorConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(policy, "policy");
        if (limits.maxCohort() < policy.cohort().maxSize()) {
            throw new IllegalArgumentException("the transport's per-message bounds admit cohorts of up to "
                    + limits.maxCohort() + " but the policy selects up to "
                    + policy.cohort().maxSize()
                    + ": raise the limits' largest cohort to it");
        }
        Objects.requireNonNull(strategy, "strategy");
        if (!Strategies.NAMES.contains(strategy)) {
            throw new IllegalArgumentException("unknown strategy " + strategy + "; choose one of " + Strategies.NAMES);
        }
        if (tls != null && endpoint instanceof Endpoint.InVm) {
            throw new IllegalArgumentException("the in-VM transport runs without TLS");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, got " + ioThreads);
        }
        Objects.requireNonNull(
                revocations, "revocations: the federation's revocation list (participants refuse rounds without it)");
        if (stateDir == null && initialModel == null) {
            throw new IllegalArgumentException("give an initial model or a state folder with a checkpoint");
        }
    }

    public static Builder builder(Endpoint endpoint, PeerAuthenticator authenticator, RoundPolicy policy) {
        return new Builder(endpoint, authenticator, policy);
    }

    /** Optional settings with their defaults: no TLS, default limits, fedavg, no state folder, 2 I/O threads. */
    public static final class Builder {
        private final Endpoint endpoint;
        private final PeerAuthenticator authenticator;
        private final RoundPolicy policy;
        private SslContext tls;
        private TransportLimits limits; // null: the defaults, sized for the policy's largest cohort
        private String strategy = "fedavg";
        private Float serverLearningRate;
        private Path stateDir;
        private ModelParameters initialModel;
        private int ioThreads = 2;
        private RevocationListSource revocations;

        private Builder(Endpoint endpoint, PeerAuthenticator authenticator, RoundPolicy policy) {
            this.endpoint = endpoint;
            this.authenticator = authenticator;
            this.policy = policy;
        }

        public Builder tls(SslContext serverContext) {
            this.tls = serverContext;
            return this;
        }

        public Builder limits(TransportLimits l) {
            this.limits = l;
            return this;
        }

        public Builder strategy(String name, Float serverLr) {
            this.strategy = name;
            this.serverLearningRate = serverLr;
            return this;
        }

        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder initialModel(ModelParameters model) {
            this.initialModel = model;
            return this;
        }

        public Builder ioThreads(int n) {
            this.ioThreads = n;
            return this;
        }

        /** Required: where the federation's revocation list comes from. */
        public Builder revocations(RevocationListSource source) {
            this.revocations = source;
            return this;
        }

        public CoordinatorConfig build() {
            return new CoordinatorConfig(
                    endpoint,
                    tls,
                    authenticator,
                    limits != null
                            ? limits
                            : TransportLimits.DEFAULTS.withMaxCohort(
                                    policy.cohort().maxSize()),
                    policy,
                    strategy,
                    serverLearningRate,
                    stateDir,
                    initialModel,
                    ioThreads,
                    revocations);
        }
    }
}
