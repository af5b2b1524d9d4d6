package org.fedvae.participant.federation;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.RoundDecline;
import org.fedvae.protocol.proto.Welcome;
import org.fedvae.protocol.random.Seeds;
import org.fedvae.protocol.transport.ClientHandshakeHandler;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.ErrorReply;
import org.fedvae.protocol.transport.TransportException;
import org.fedvae.protocol.transport.TransportPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A participant's life on its one event loop: keeps a connection to the coordinator (reconnecting
 * with backoff when it drops), dispatches the coordinator's messages, and runs at most one
 * {@link ParticipantRound} at a time. All state here is touched on that loop only.
 */
final class ParticipantSession {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantSession.class);
    static final String SOFTWARE = "fedvae-participant 0.1.0";
    /** Refusals that another attempt cannot fix. */
    static final Set<ErrorCode> FATAL =
            Set.of(ErrorCode.UNAUTHENTICATED, ErrorCode.UNKNOWN_PARTICIPANT, ErrorCode.UNSUPPORTED_VERSION);

    private final ParticipantConfig config;
    private final EventLoop loop;
    private final Executor training;
    private final LocalTrainer trainer;
    private final RoundStartCheck check;
    private final ParticipantListener listener;
    private final SecureRandom random = new SecureRandom();
    private final CompletableFuture<ModelParameters> finished;
    private Channel channel;
    private ParticipantRound round;
    private final RoundLedger ledger;
    private final RevocationLedger revocations;
    private final PrivateTraining privacy; // null: no DP
    private final ClientDpCheck clientDp;
    private final CohortCheck cohortCheck;
    private int failures;
    private long lastContactNanos = System.nanoTime();
    private String lastProblem = "";
    private boolean stopped;

    ParticipantSession(
            ParticipantConfig config,
            EventLoop loop,
            Executor training,
            ParticipantListener listener,
            CompletableFuture<ModelParameters> finished,
            RoundLedger ledger,
            RevocationLedger revocations,
            PrivateTraining privacy,
            ClientDpCheck clientDp) {
        this.config = config;
        this.loop = loop;
        this.training = training;
        this.listener = listener;
        this.finished = finished;
        this.ledger = ledger;
        this.revocations = revocations;
        this.cohortCheck = new CohortCheck(config.federationCa(), Clock.systemUTC());
        this.privacy = privacy;
        this.clientDp = clientDp;
        this.trainer = new LocalTrainer(
                config.train(),
                config.test(),
                config.outputDir(),
                privacy,
                PrivateTraining.randomness(config.reproducibleTrainingSeed(), random));
        byte[] publicKey = Ed25519KeyPair.fromPrivateKey(config.identityKey()).publicKey();
        this.check = new RoundStartCheck(
                config.participantId(),
                publicKey,
                config.plainRoundsAllowed(),
                config.maxWait(),
                config.minCohort(),
                trainingSeeds(config, random),
                config.train(),
                config.test());
    }

    /** Fresh secret training randomness every round, unless a simulation asked for reproducible training. */
    private static LongUnaryOperator trainingSeeds(ParticipantConfig config, SecureRandom random) {
        Long reproducible = config.reproducibleTrainingSeed();
        if (reproducible == null) {
            return roundId -> random.nextLong();
        }
        LOG.warn(
                "{}: REPRODUCIBLE TRAINING (simulations and tests only): anyone who knows seed {} can predict this "
                        + "site's training randomness",
                config.participantId(),
                reproducible);
        return roundId -> Seeds.mix(reproducible, roundId);
    }

    // ------------------------------------------------------------------ connection

    void connect() {
        if (stopped) {
            return;
        }
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(config.coordinator().channelType())
                .handler(TransportPipeline.client(
                        config.limits(),
                        config.tls(),
                        config.coordinatorName(),
                        port(),
                        config.participantId(),
                        SOFTWARE,
                        () -> new ParticipantHandler(this)));
        ChannelFuture f = b.connect(config.coordinator().address());
        Channel ch = f.channel();
        channel = ch;
        ch.closeFuture().addListener(done -> loop.execute(() -> closed(ch)));
        f.addListener(connected -> {
            if (connected.isSuccess()) {
                ClientHandshakeHandler.welcome(ch).addListener(w -> welcomed(ch, (Future<Welcome>) w));
            } else {
                lastProblem = String.valueOf(connected.cause());
            }
        });
    }

    private void welcomed(Channel ch, Future<Welcome> welcome) {
        if (welcome.isSuccess()) {
            failures = 0;
            lastContactNanos = System.nanoTime();
            LOG.info("{} connected to the coordinator at {}", config.participantId(), config.coordinator());
            notify(ParticipantListener::connected);
            return;
        }
        lastProblem = String.valueOf(welcome.cause());
        if (welcome.cause() instanceof TransportException te && FATAL.contains(te.code())) {
            stop(new IllegalStateException(
                    "the coordinator refused " + config.participantId() + ": " + te.getMessage(), te));
        }
    }

    private void closed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        if (round != null) {
            round.abandon("the connection to the coordinator closed");
            round = null;
        }
        notify(l -> l.disconnected("connection closed"));
        if (stopped) {
            return;
        }
        failures++;
        Duration silent = Duration.ofNanos(System.nanoTime() - lastContactNanos);
        if (silent.compareTo(config.reconnect().giveUpAfter()) > 0) {
            stop(new IllegalStateException("no connection to the coordinator at " + config.coordinator() + " for "
                    + silent.toSeconds() + " s; giving up"));
            return;
        }
        Duration delay = config.reconnect().delay(failures, random);
        LOG.info(
                "{}: reconnecting to {} in {} ms (attempt {}{})",
                config.participantId(),
                config.coordinator(),
                delay.toMillis(),
                failures,
                lastProblem.isEmpty() ? "" : "; " + lastProblem);
        lastProblem = "";
        loop.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private int port() {
        return config.coordinator() instanceof org.fedvae.protocol.transport.Endpoint.Tcp tcp ? tcp.port() : 0;
    }

    // ------------------------------------------------------------------ messages

    void received(Channel ch, Envelope e) {
        if (ch != channel || stopped) {
            return;
        }
        lastContactNanos = System.nanoTime();
        switch (e.getBodyCase()) {
            case ROUND_START -> startRound(ch, e);
            case SECAGG -> {
                if (round != null && round.roundId() == e.getRoundId()) {
                    round.onSecAgg(e.getSecagg());
                } else {
                    LOG.debug(
                            "ignored a secure-aggregation message for round {}, not this participant's current round",
                            e.getRoundId());
                }
            }
            case ROUND_END -> {
                if (round != null && round.roundId() == e.getRoundId()) {
                    round.onRoundEnd(e.getRoundEnd());
                    round = null;
                }
            }
            case FEDERATION_COMPLETE -> complete(e);
            case ERROR -> {
                LOG.warn(
                        "{}: the coordinator closed the connection: {}: {}",
                        config.participantId(),
                        e.getError().getCode(),
                        e.getError().getMessage());
                if (FATAL.contains(e.getError().getCode())) {
                    stop(new IllegalStateException("the coordinator refused " + config.participantId() + ": "
                            + e.getError().getCode() + ": " + e.getError().getMessage()));
                }
                ErrorReply.closeSilently(ch, "the coordinator sent an error");
            }
            default ->
                throw new TransportException(
                        ErrorCode.WRONG_STAGE, e.getBodyCase() + " is sent by participants, not by the coordinator");
        }
    }

    private void decline(Channel ch, long roundId, String reason) {
        LOG.warn("{}: declining round {}: {}", config.participantId(), Long.toUnsignedString(roundId), reason);
        ch.writeAndFlush(Envelopes.newEnvelope(config.participantId(), roundId)
                .setRoundDecline(RoundDecline.newBuilder().setReason(reason))
                .build());
    }

    private void startRound(Channel ch, Envelope e) {
        if (round != null) {
            round.abandon("the coordinator started round " + e.getRoundId());
            round = null;
        }
        AcceptedRound accepted;
        try {
            accepted = check.check(e.getRoundId(), e.getRoundStart(), ledger.lastRoundId());
            long crlNumber = cohortCheck.check(e.getRoundStart(), accepted.config(), revocations.highest());
            // Last: admitting a client-level DP round records its spending.
            accepted = accepted.withClientDp(clientDp.admit(
                    e.getRoundStart(), accepted.config(), accepted.global().size()));
            if (privacy != null) {
                accepted = accepted.withPrivacy(privacy.admit(accepted.roundId(), accepted.epochs()));
            }
            ledger.record(accepted.roundId());
            revocations.record(crlNumber);
        } catch (IOException notRecorded) {
            decline(
                    ch,
                    e.getRoundId(),
                    "cannot record round " + Long.toUnsignedString(e.getRoundId()) + " as taken part in ("
                            + notRecorded.getMessage() + "), so this site stays out of it");
            return;
        } catch (RoundRefused refused) {
            decline(ch, e.getRoundId(), refused.getMessage());
            return;
        }
        if (!accepted.secureAggregation()) {
            LOG.warn(
                    "{}: round {} runs WITHOUT secure aggregation: this participant's update goes to the coordinator UNMASKED "
                            + "(allowed by its operator for a comparison run)",
                    config.participantId(),
                    accepted.roundId());
        }
        round = new ParticipantRound(
                accepted, config.participantId(), config.identityKey(), random, ch, training, trainer, this::notify);
        round.start();
    }

    private void complete(Envelope e) {
        ModelParameters model;
        try {
            model = ModelParameters.fromProto(e.getFederationComplete().getFinalModel());
        } catch (IllegalArgumentException bad) {
            stop(new IllegalStateException("the coordinator's final model is unreadable: " + bad.getMessage()));
            return;
        }
        LOG.info(
                "{}: the federation finished after {} rounds",
                config.participantId(),
                e.getFederationComplete().getRounds());
        if (config.outputDir() != null) {
            try {
                ModelFile.write(model, config.outputDir().resolve("final-model.fvae"));
            } catch (java.io.IOException io) {
                LOG.warn("cannot save the final model: {}", io.getMessage());
            }
        }
        stopped = true;
        if (round != null) {
            round.abandon("the federation finished");
            round = null;
        }
        if (channel != null) {
            channel.close();
        }
        finished.complete(model);
    }

    /** Stops for good: the round in progress is abandoned and the connection closed. */
    void stop(Throwable cause) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (round != null) {
            round.abandon("the participant stopped");
            round = null;
        }
        if (channel != null) {
            channel.close();
        }
        if (cause != null) {
            LOG.warn("{} stopped: {}", config.participantId(), cause.getMessage());
        }
        finished.completeExceptionally(cause);
    }

    private void notify(Consumer<ParticipantListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("a participant listener failed", e);
        }
    }
}
