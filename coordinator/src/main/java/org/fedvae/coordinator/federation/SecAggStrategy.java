package org.fedvae.coordinator.federation;

import java.util.List;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.CoordinatorStep;
import org.fedvae.protocol.secagg.Outgoing;
import org.fedvae.protocol.secagg.Rejection;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure aggregation for one round: checks that each message's secure-aggregation sender is the
 * authenticated participant's id, hands it to {@link SecAggCoordinator}, passes on what comes
 * back, refuses the senders of rejected messages, and keeps one deadline armed per stage. The
 * protocol machine does everything that secure aggregation itself requires.
 */
final class SecAggStrategy implements AggregationStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(SecAggStrategy.class);

    private final RoundMachine round;
    private final Cohort cohort;
    private final SecAggCoordinator machine;
    private SecAggStage stage;

    SecAggStrategy(RoundMachine round) {
        this.round = round;
        this.cohort = round.cohort();
        this.machine = new SecAggCoordinator(round.config());
    }

    @Override
    public void start() {
        enter(machine.stage());
    }

    @Override
    public void message(String participantId, Envelope envelope) {
        if (envelope.getBodyCase() != Envelope.BodyCase.SECAGG) {
            round.refuse(
                    participantId,
                    ErrorCode.WRONG_STAGE,
                    envelope.getBodyCase() + " in round " + round.roundId()
                            + ", which uses secure aggregation: only its messages are expected",
                    true);
            return;
        }
        SecAggMessage m = envelope.getSecagg();
        int expected = cohort.secaggId(participantId);
        if (m.getSenderId() != expected) {
            round.refuse(
                    participantId,
                    ErrorCode.UNAUTHENTICATED,
                    "secure-aggregation message claims sender id "
                            + Integer.toUnsignedString(m.getSenderId()) + "; participant " + participantId + " has id "
                            + expected
                            + " in round " + round.roundId(),
                    true);
            return;
        }
        process(machine.handle(m));
    }

    @Override
    public void left(String participantId) {
        process(machine.participantLeft(cohort.secaggId(participantId)));
    }

    @Override
    public void deadlinePassed() {
        LOG.info("round {}: the {} stage's deadline passed", round.roundId(), RoundAbort.stageName(machine.stage()));
        process(machine.stageDeadlinePassed());
    }

    private void process(CoordinatorStep step) {
        for (Outgoing o : step.messages()) {
            String recipient = cohort.participantId(o.recipientId());
            round.send(recipient, round.envelope().setSecagg(o.message()).build());
            if (o.message().hasAbort()) {
                // Dismissed (it missed a deadline) or the round is over for it: a message of
                // its that crossed this one on the wire is a straggler, not a violation.
                cohort.leave(recipient);
            }
        }
        step.rejection().ifPresent(this::refuse);
        if (machine.stage() != stage) {
            enter(machine.stage());
        }
    }

    private void refuse(Rejection r) {
        String id = cohort.participantId(r.senderId());
        if (!r.senderRemoved()) {
            // It had already left the round (e.g. dismissed at a deadline, its message still in
            // flight): nothing to undo, and no reason to cut its connection for later rounds.
            LOG.info("round {}: ignored a late message from {}: {}", round.roundId(), id, r);
            return;
        }
        LOG.warn("round {}: {} leaves the round: {}", round.roundId(), id, r);
        // The protocol machine already counts it as gone; only the connection is left to close.
        round.refuse(id, errorCode(r.reason()), r.reason() + ": " + r.detail(), false);
    }

    private void enter(SecAggStage next) {
        stage = next;
        switch (next) {
            case COMPLETED -> complete();
            case ABORTED -> {
                Abort a = machine.abortReason().orElseThrow();
                String in = machine.abortedIn().map(RoundAbort::stageName).orElse("");
                round.end(new RoundOutcome.Aborted(RoundAbort.ofSecAgg(a.getReason(), in, a.getDetail())));
            }
            default ->
                round.enterStage(
                        RoundAbort.stageName(next),
                        next == SecAggStage.MASKED_INPUT ? round.trainingTimeout() : round.keyStageTimeout());
        }
    }

    private void complete() {
        int[] sum = machine.unmaskedSum().orElseThrow();
        try {
            List<String> survivors = machine.survivors().orElseThrow().stream()
                    .map(cohort::participantId)
                    .toList();
            round.end(
                    round.clientDp() == null
                            ? RoundOutcome.Completed.decode(
                                    sum, survivors, round.config().encoding())
                            : RoundOutcome.Completed.decodeClientDp(sum, survivors, round.config(), round.clientDp()));
        } catch (IllegalArgumentException e) {
            // Masking hides each input's range, so a participant that masked garbage shows up here.
            round.end(new RoundOutcome.Aborted(new RoundAbort(
                    RoundAbort.Cause.INVALID_AGGREGATE,
                    "unmasking",
                    "the unmasked sum is not a sum of valid updates: " + e.getMessage())));
        }
    }

    /** The transport error that tells a refused participant why. */
    static ErrorCode errorCode(SecAggAbortReason reason) {
        return switch (reason) {
            case WRONG_ROUND -> ErrorCode.WRONG_ROUND;
            case INVALID_SIGNATURE -> ErrorCode.BAD_SIGNATURE;
            case MALFORMED_MESSAGE, DUPLICATE_KEY, DECRYPTION_FAILED, RECONSTRUCTION_FAILED ->
                ErrorCode.MALFORMED_FRAME;
            case TIMEOUT -> ErrorCode.TIMEOUT;
            default -> ErrorCode.WRONG_STAGE;
        };
    }
}
