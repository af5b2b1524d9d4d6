package org.fedvae.participant.federation;

import com.google.protobuf.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.encoding.ddp.AesCtrBits;
import org.fedvae.protocol.encoding.ddp.DdpEncoder;
import org.fedvae.protocol.encoding.ddp.RotationSeed;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.PlainUpdate;
import org.fedvae.protocol.proto.RoundDecline;
import org.fedvae.protocol.proto.RoundEnd;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.transport.Envelopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This participant's part in one round, on its event loop: runs the round's {@link UpdateExit}
 * (secure aggregation, a fresh machine per round so fresh keys; or, in a round whose id the operator
 * consented to run without it, a PlainUpdate), trains on the training executor meanwhile, encodes the finished
 * update and hands it to the exit, and gives up after a finite wait for the coordinator. The
 * unmasked update and the data never leave this class except into the exit. The exit decides what
 * to send; this class sends it, keeps the timer and tells the listeners.
 */
final class ParticipantRound {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantRound.class);

    private AcceptedRound round; // on the event loop; its global model is dropped once training is done
    private final String participantId;
    private final Channel channel;
    private final EventLoop loop;
    private final Executor training;
    private final LocalTrainer trainer;
    private final SecureRandom random;
    private final Consumer<Consumer<ParticipantListener>> notify;
    private final UpdateExit exit;
    private SecAggStage lastStage;
    private ScheduledFuture<?> waitTimer;
    private volatile boolean closed;

    ParticipantRound(
            AcceptedRound round,
            String participantId,
            byte[] identityKey,
            SecureRandom random,
            Channel channel,
            Executor training,
            LocalTrainer trainer,
            Consumer<Consumer<ParticipantListener>> notify) {
        this.round = round;
        this.participantId = participantId;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.training = training;
        this.trainer = trainer;
        this.random = random;
        this.notify = notify;
        this.exit = round.secureAggregation()
                ? new SecureAggregationExit(round.config(), round.selfId(), identityKey, random)
                : new PlainExit(round.config().wordCount());
    }

    long roundId() {
        return round.roundId();
    }

    void start() {
        notify.accept(l -> l.roundStarted(
                round.roundId(), round.global(), round.config().cohortSize(), round.secureAggregation()));
        sendAll(exit.start());
        armWait();
        AcceptedRound accepted = round; // the training thread reads this, never the field
        training.execute(() -> {
            try {
                TrainingResult result = trainer.run(accepted, () -> closed);
                // Encoded here, off the event loop: the DP encoding takes a fraction of a second, and the
                // event loop serves other sites' secure-aggregation stages meanwhile.
                EncodedOrRefused encoded = encode(accepted, result);
                loop.execute(() -> trained(result, encoded));
            } catch (CancellationException e) {
                LOG.debug("round {}: training stopped, the round was abandoned", round.roundId());
            } catch (RuntimeException e) {
                LOG.error("{}: local training for round {} failed", participantId, round.roundId(), e);
                loop.execute(() -> trainingFailed(e));
            }
        });
    }

    /** A secure-aggregation message from the coordinator for this round. */
    void onSecAgg(SecAggMessage m) {
        if (closed) {
            return;
        }
        sendAll(exit.onMessage(m));
        if (closed) {
            return; // a listener stopped the participant meanwhile
        }
        Optional<String> refused = exit.refusal();
        if (refused.isPresent()) {
            decline(refused.get());
            return;
        }
        if (exit.isTerminal()) {
            endLocally();
        } else {
            armWait();
        }
    }

    void onRoundEnd(RoundEnd end) {
        LOG.info(
                "{}: round {} {} with {} survivors{}",
                participantId,
                round.roundId(),
                end.getCompleted() ? "completed" : "aborted",
                end.getSurvivors(),
                end.getDetail().isEmpty() ? "" : ": " + end.getDetail());
        notify.accept(l -> l.roundEnded(round.roundId(), end.getCompleted(), end.getSurvivors(), end.getDetail()));
        close();
    }

    /** The connection dropped or a newer round began: stop, wipe, send nothing more. */
    void abandon(String why) {
        if (closed) {
            return;
        }
        LOG.info("{}: round {} abandoned: {}", participantId, round.roundId(), why);
        if (!exit.isTerminal()) {
            exit.deadlinePassed(); // aborts a secure exit, which wipes its keys; the Abort it returns goes nowhere
        }
        close();
    }

    /** The encoded update, or why the update cannot be encoded. */
    private record EncodedOrRefused(EncodedUpdate update, String refusal) {}

    /** On the training thread: reads only {@code round} (the accepted round), never the field. */
    private EncodedOrRefused encode(AcceptedRound round, TrainingResult r) {
        EncodedUpdate encoded;
        try {
            // The round's rounding seed is drawn from this site's SecureRandom now, fresh and secret: the same
            // encoder and rounding source the test vectors replay (docs/PROTOCOL.md, sections 7 and 10).
            // The evaluation and the clip count ride in the vector's trailer words: the coordinator learns only the
            // cohort's totals, never this site's numbers (docs/PROTOCOL.md, section 7).
            LocalEvaluation evaluation = new LocalEvaluation(r.testLoss(), r.testSamples());
            encoded = round.clientDp() == null
                    ? UpdateEncoder.encode(
                            r.delta(),
                            r.weight(),
                            evaluation,
                            round.config().encoding(),
                            RoundingSource.freshFrom(random))
                    // Client-level DP: equal weights, rounding and noise from a fresh secret AES-CTR stream.
                    : DdpEncoder.encode(
                            r.delta(),
                            round.clientDp(),
                            RotationSeed.of(round.roundId(), round.config().digest()),
                            evaluation,
                            round.config().encoding(),
                            AesCtrBits.fresh(random));
        } catch (IllegalArgumentException diverged) {
            return new EncodedOrRefused(null, "the local update cannot be encoded: " + diverged.getMessage());
        }
        return new EncodedOrRefused(encoded, null);
    }

    private void trained(TrainingResult r, EncodedOrRefused result) {
        round = round.trained();
        if (closed || exit.isTerminal()) {
            return;
        }
        if (result.refusal() != null) {
            decline(result.refusal());
            return;
        }
        EncodedUpdate encoded = result.update();
        LOG.info(String.format(
                Locale.ROOT,
                "%s: round %d: trained on %d images (loss %.2f); the global model's local test "
                        + "loss %.2f on %d images; %s",
                participantId,
                round.roundId(),
                r.weight(),
                r.trainLoss(),
                r.testLoss(),
                r.testSamples(),
                ClipReport.describe(r.delta(), round.clientDp(), encoded.clippedCount())));
        notify.accept(l -> l.updateReady(new LocalUpdate(
                round.roundId(),
                r.delta(),
                r.weight(),
                encoded.words(),
                encoded.clippedCount(),
                r.testLoss(),
                r.testSamples(),
                r.trainLoss())));
        // The exit copies or packs the words, so the listener's array stays the plain encoding.
        sendAll(exit.submit(encoded.words()));
        if (!closed && exit.isTerminal()) {
            endLocally();
        }
    }

    private void trainingFailed(RuntimeException e) {
        if (!closed) {
            decline("local training failed: " + e);
        }
    }

    private void decline(String reason) {
        LOG.warn("{}: leaving round {}: {}", participantId, round.roundId(), reason);
        send(envelope().setRoundDecline(RoundDecline.newBuilder().setReason(reason)));
        abandon(reason);
    }

    private void deadlinePassed() {
        if (closed) {
            return;
        }
        LOG.warn(
                "{}: no word from the coordinator for {} s; leaving round {}",
                participantId,
                round.maxSilence().toSeconds(),
                round.roundId());
        sendAll(exit.deadlinePassed());
        close();
    }

    /** The exit finished (completed or aborted); only the coordinator's RoundEnd is still to come. */
    private void endLocally() {
        cancelWait();
        exit.abortReason().ifPresent(a -> {
            LOG.warn(
                    "{}: secure aggregation of round {} aborted: {}: {}",
                    participantId,
                    round.roundId(),
                    a.getReason(),
                    a.getDetail());
            closed = true; // training is of no use any more
        });
    }

    private void close() {
        closed = true;
        cancelWait();
    }

    private void sendAll(List<Message> messages) {
        for (Message m : messages) {
            if (m instanceof SecAggMessage secagg) {
                send(envelope().setSecagg(secagg));
            } else if (m instanceof PlainUpdate plain) {
                send(envelope().setPlainUpdate(plain));
            } else {
                throw new IllegalStateException(
                        "an update exit returned a " + m.getDescriptorForType().getName());
            }
        }
        SecAggStage now = exit.stage().orElse(null);
        if (now != null && now != lastStage) {
            lastStage = now;
            notify.accept(l -> l.stageEntered(round.roundId(), now));
        }
    }

    private Envelope.Builder envelope() {
        return Envelopes.newEnvelope(participantId, round.roundId());
    }

    private void send(Envelope.Builder e) {
        if (!channel.isActive()) {
            return; // the session abandons this round as soon as it sees the close
        }
        channel.writeAndFlush(e.build()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    private void armWait() {
        cancelWait();
        waitTimer = loop.schedule(this::deadlinePassed, round.maxSilence().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelWait() {
        if (waitTimer != null) {
            waitTimer.cancel(false);
            waitTimer = null;
        }
    }
}
