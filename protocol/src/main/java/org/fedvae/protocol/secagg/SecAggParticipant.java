package org.fedvae.protocol.secagg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * The participant side of one secure-aggregation round, as a state machine: messages in,
 * messages out (all addressed to the coordinator), no I/O, no threads, no clocks. One object
 * per round, so every round gets fresh keys and seeds.
 *
 * <p>Typical use by a network layer: {@link #start()} and send what it returns; pass every
 * coordinator message to {@link #handle}; hand over the local update, encoded with
 * {@link org.fedvae.protocol.encoding.UpdateEncoder}, with {@link #submitEncodedInput} whenever
 * training finishes (before or after the key stages); call
 * {@link #deadlinePassed()} when the caller's own stage timer fires. Whatever goes wrong, the
 * machine ends in {@link SecAggStage#ABORTED} and returns one {@code Abort} for the coordinator;
 * it never throws for anything the coordinator sends.
 *
 * <p>Not thread-safe: call it from one thread (an event loop) or synchronize.
 */
public final class SecAggParticipant {

    private final ParticipantContext ctx;
    private ParticipantState state;
    private boolean inputSubmitted;

    /**
     * @param identityPrivateKey the participant's enrolled Ed25519 private key (copied)
     * @param random             source of every key, seed and share (the caller draws the update's rounding seed)
     */
    public SecAggParticipant(RoundConfig config, int selfId, byte[] identityPrivateKey, SecureRandom random) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(random, "random");
        if (!config.contains(selfId)) {
            throw new IllegalArgumentException("participant " + selfId + " is not in the cohort of " + config);
        }
        this.ctx = new ParticipantContext(
                config, selfId, Objects.requireNonNull(identityPrivateKey, "identityPrivateKey"), random);
    }

    /** Generates this round's key pairs and returns the signed AdvertiseKeys. Call once. */
    public List<SecAggMessage> start() {
        if (state != null) {
            throw new IllegalStateException(
                    "participant " + ctx.selfId + " already started round " + ctx.config.roundId());
        }
        List<SecAggMessage> out = new ArrayList<>(1);
        state = ParticipantAdvertiseKeysState.start(ctx, out);
        return out;
    }

    /** Handles one message from the coordinator and returns the replies. */
    public List<SecAggMessage> handle(SecAggMessage message) {
        requireStarted();
        if (state.stage() == SecAggStage.ABORTED) {
            return List.of();
        }
        List<SecAggMessage> out = new ArrayList<>(1);
        try {
            checkEnvelope(message);
            if (message.hasAbort()) {
                Abort a = message.getAbort();
                return abort(
                        Abort.newBuilder()
                                .setReason(SecAggAbortReason.PEER_ABORTED)
                                .setDetail("the coordinator aborted the round: " + a.getReason() + ": " + a.getDetail())
                                .build(),
                        false);
            }
            state = state.handle(message, out);
            feedInput(out);
            return out;
        } catch (SecAggViolation v) {
            return abort(v.toAbort(), true);
        }
    }

    /** Submits the encoded update, {@code vectorLength + 1} words (copied); masked as soon as the round allows. */
    public List<SecAggMessage> submitEncodedInput(int[] words) {
        if (words.length != ctx.config.wordCount()) {
            throw new IllegalArgumentException(
                    "encoded input has " + words.length + " words, the round expects " + ctx.config.wordCount());
        }
        requireNoInputYet();
        return acceptInput(words.clone());
    }

    private void requireNoInputYet() {
        if (inputSubmitted) {
            throw new IllegalStateException(
                    "participant " + ctx.selfId + " already submitted its input for round " + ctx.config.roundId());
        }
    }

    /** Takes ownership of {@code words}: they are masked in place. */
    private List<SecAggMessage> acceptInput(int[] words) {
        inputSubmitted = true;
        if (state != null && state.stage() == SecAggStage.ABORTED) {
            return List.of();
        }
        ctx.setInput(words);
        if (state == null) {
            return List.of();
        }
        List<SecAggMessage> out = new ArrayList<>(1);
        try {
            feedInput(out);
            return out;
        } catch (SecAggViolation v) {
            return abort(v.toAbort(), true);
        }
    }

    /** The caller's timer for the current stage fired: abort, telling the coordinator why. */
    public List<SecAggMessage> deadlinePassed() {
        requireStarted();
        if (state.stage().isTerminal()) {
            return List.of();
        }
        return abort(
                Abort.newBuilder()
                        .setReason(SecAggAbortReason.TIMEOUT)
                        .setDetail("participant " + ctx.selfId + " gave up waiting for " + state.awaiting()
                                + " in stage " + state.stage())
                        .build(),
                true);
    }

    public SecAggStage stage() {
        return state == null ? SecAggStage.ADVERTISE_KEYS : state.stage();
    }

    /** Why the round ended without this participant's part done, once it has. */
    public Optional<Abort> abortReason() {
        return state instanceof ParticipantAbortedState a ? Optional.of(a.abort()) : Optional.empty();
    }

    public int id() {
        return ctx.selfId;
    }

    public RoundConfig config() {
        return ctx.config;
    }

    private void feedInput(List<SecAggMessage> out) throws SecAggViolation {
        if (ctx.hasInput()) {
            state = state.inputAvailable(out);
        }
    }

    private void checkEnvelope(SecAggMessage m) throws SecAggViolation {
        if (m.getRoundId() != ctx.config.roundId()) {
            throw new SecAggViolation(
                    SecAggAbortReason.WRONG_ROUND,
                    Messages.describe(m) + " is for round " + Long.toUnsignedString(m.getRoundId()) + ", this is round "
                            + Long.toUnsignedString(ctx.config.roundId()));
        }
        if (m.getSenderId() != 0) {
            throw new SecAggViolation(
                    SecAggAbortReason.UNKNOWN_SENDER,
                    Messages.describe(m) + " claims to come from participant "
                            + Integer.toUnsignedString(m.getSenderId())
                            + "; participants only hear from the coordinator (id 0)");
        }
    }

    private List<SecAggMessage> abort(Abort abort, boolean tellCoordinator) {
        state.wipe();
        ctx.wipe();
        state = new ParticipantAbortedState(ctx, abort);
        return tellCoordinator ? List.of(ctx.message().setAbort(abort).build()) : List.of();
    }

    private void requireStarted() {
        if (state == null) {
            throw new IllegalStateException("call start() first");
        }
    }
}
