package org.fedvae.protocol.secagg;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * The coordinator side of one secure-aggregation round, as a state machine: messages in,
 * addressed messages out, no I/O, no threads, no clocks.
 *
 * <p>A network layer passes every participant message to {@link #handle}, sends what comes back,
 * reports disconnects with {@link #participantLeft}, and calls {@link #stageDeadlinePassed()}
 * when its timer for the current stage fires. A stage closes as soon as every expected
 * participant has sent or left, or at the deadline; it then needs at least t participants or the
 * round aborts with nothing unmasked. A refused message (wrong round, wrong stage, unknown or
 * duplicate sender, bad signature, malformed) comes back as a {@link Rejection}; its sender
 * leaves the round and nobody else is affected.
 *
 * <p>Not thread-safe: call it from one thread (an event loop) or synchronize.
 */
public final class SecAggCoordinator {

    private final CoordinatorContext ctx;
    private CoordinatorState state;

    public SecAggCoordinator(RoundConfig config) {
        this.ctx = new CoordinatorContext(Objects.requireNonNull(config, "config"));
        this.state = new CoordinatorAdvertiseKeysState(ctx);
    }

    /** Handles one participant message; {@code senderId} must already be authenticated by the caller. */
    public CoordinatorStep handle(SecAggMessage message) {
        int sender = message.getSenderId();
        if (!ctx.config.contains(sender)) {
            return reject(
                    sender,
                    SecAggAbortReason.UNKNOWN_SENDER,
                    Messages.describe(message) + " from " + Integer.toUnsignedString(sender)
                            + ", who is not in the cohort of round " + ctx.config.roundId());
        }
        if (state.stage().isTerminal()) {
            return reject(
                    sender,
                    SecAggAbortReason.UNEXPECTED_MESSAGE,
                    Messages.describe(message) + " from participant " + sender + " after the round was "
                            + (state.stage() == SecAggStage.COMPLETED ? "completed" : "aborted"));
        }
        if (message.getRoundId() != ctx.config.roundId()) {
            return reject(
                    sender,
                    SecAggAbortReason.WRONG_ROUND,
                    Messages.describe(message) + " from participant " + sender
                            + " is for round " + Long.toUnsignedString(message.getRoundId()) + ", this is round "
                            + Long.toUnsignedString(ctx.config.roundId()));
        }
        if (ctx.gone.contains(sender)) {
            return reject(
                    sender,
                    SecAggAbortReason.UNEXPECTED_MESSAGE,
                    Messages.describe(message) + " from participant " + sender + ", who has left the round");
        }
        if (message.hasAbort()) {
            return participantLeft(sender);
        }
        if (message.getBodyCase() != state.collects()) {
            return reject(
                    sender,
                    SecAggAbortReason.UNEXPECTED_MESSAGE,
                    Messages.describe(message) + " from participant " + sender + " does not belong to stage "
                            + state.stage());
        }
        try {
            state.accept(sender, message);
        } catch (SecAggViolation v) {
            return reject(sender, v.reason(), v.detail());
        }
        List<Outgoing> out = new ArrayList<>();
        closeWhileComplete(out);
        return new CoordinatorStep(out, Optional.empty());
    }

    /** The caller's deadline for the current stage passed: close it with whoever arrived. */
    public CoordinatorStep stageDeadlinePassed() {
        if (state.stage().isTerminal()) {
            return CoordinatorStep.NOTHING;
        }
        List<Outgoing> out = new ArrayList<>();
        close(out);
        closeWhileComplete(out);
        return new CoordinatorStep(out, Optional.empty());
    }

    /** A participant disconnected or aborted: stop waiting for it (what it already sent stays). */
    public CoordinatorStep participantLeft(int participantId) {
        if (!ctx.config.contains(participantId) || state.stage().isTerminal() || !ctx.gone.add(participantId)) {
            return CoordinatorStep.NOTHING;
        }
        List<Outgoing> out = new ArrayList<>();
        closeWhileComplete(out);
        return new CoordinatorStep(out, Optional.empty());
    }

    /** How many threads the unmasking uses (the caller's plus a small shared pool): at most 4, at most the cores. */
    public static int unmaskWorkers() {
        return ParallelSum.WORKERS;
    }

    public SecAggStage stage() {
        return state.stage();
    }

    public RoundConfig config() {
        return ctx.config;
    }

    /** Why the round aborted, once it has. */
    public Optional<Abort> abortReason() {
        return state instanceof CoordinatorAbortedState a ? Optional.of(a.abort()) : Optional.empty();
    }

    /** The stage the round was in when it aborted. */
    public Optional<SecAggStage> abortedIn() {
        return state instanceof CoordinatorAbortedState a ? Optional.of(a.abortedIn()) : Optional.empty();
    }

    /**
     * The unmasked sum over the survivors (a copy), once completed: {@code vectorLength} encoded
     * parameter sums and then the total weight, all mod 2^32.
     */
    public Optional<int[]> unmaskedSum() {
        return state instanceof CoordinatorCompletedState c
                ? Optional.of(c.sum().clone())
                : Optional.empty();
    }

    /**
     * The weighted average update of the survivors, decoded from the sum, once completed.
     *
     * @throws IllegalArgumentException if the sum cannot be a sum of valid encodings; masking hides
     *     each input's range, so a participant that masked garbage is only caught here
     */
    public Optional<float[]> averageUpdate() {
        return state instanceof CoordinatorCompletedState c
                ? Optional.of(UpdateDecoder.decodeAverage(c.sum(), ctx.config.encoding()))
                : Optional.empty();
    }

    /** U3, the participants whose updates are in the sum, once completed. */
    public Optional<NavigableSet<Integer>> survivors() {
        return state instanceof CoordinatorCompletedState c ? Optional.of(c.survivors()) : Optional.empty();
    }

    private void closeWhileComplete(List<Outgoing> out) {
        while (!state.stage().isTerminal() && state.complete()) {
            close(out);
        }
    }

    private void close(List<Outgoing> out) {
        int mark = out.size();
        try {
            state = state.close(out);
        } catch (SecAggViolation v) {
            // Nothing the failed close prepared may leave: only the abort does.
            out.subList(mark, out.size()).clear();
            abort(v, out);
        }
    }

    private void abort(SecAggViolation v, List<Outgoing> out) {
        SecAggStage in = state.stage();
        state.wipe();
        ctx.broadcast(ctx.message().setAbort(v.toAbort()).build(), state.members(), out);
        state = new CoordinatorAbortedState(ctx, v.toAbort(), in);
    }

    private CoordinatorStep reject(int sender, SecAggAbortReason reason, String detail) {
        boolean removed = ctx.config.contains(sender) && !state.stage().isTerminal() && ctx.gone.add(sender);
        List<Outgoing> out = new ArrayList<>();
        if (removed) {
            closeWhileComplete(out);
        }
        return new CoordinatorStep(out, Optional.of(new Rejection(sender, reason, detail, removed)));
    }
}
