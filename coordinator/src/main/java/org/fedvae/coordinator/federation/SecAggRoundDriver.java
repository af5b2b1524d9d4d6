package org.fedvae.coordinator.federation;

import java.util.List;
import java.util.Locale;
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
 * Runs {@link SecAggCoordinator} over the network: checks that each message's secure-aggregation
 * sender is the authenticated connection's, hands it to the machine, sends what comes back,
 * refuses the senders of rejected messages, and keeps one deadline armed for the current stage.
 * The machine does everything that secure aggregation itself requires.
 */
final class SecAggRoundDriver implements RoundDriver {

    private static final Logger LOG = LoggerFactory.getLogger(SecAggRoundDriver.class);

    private final RoundRun run;
    private final SecAggCoordinator machine;
    private SecAggStage stage;
    private RoundOutcome outcome;

    SecAggRoundDriver(RoundRun run) {
        this.run = run;
        this.machine = new SecAggCoordinator(run.config());
    }

    @Override
    public void start() {
        enter(machine.stage());
    }

    @Override
    public void onMessage(String participantId, Envelope envelope) {
        if (envelope.getBodyCase() != Envelope.BodyCase.SECAGG) {
            run.refuse(participantId, ErrorCode.WRONG_STAGE, envelope.getBodyCase() + " in round " + run.roundId()
                    + ", which uses secure aggregation: only its messages are expected", true);
            return;
        }
        SecAggMessage m = envelope.getSecagg();
        int expected = run.secaggId(participantId);
        if (m.getSenderId() != expected) {
            run.refuse(participantId, ErrorCode.UNAUTHENTICATED, "secure-aggregation message claims sender id "
                    + Integer.toUnsignedString(m.getSenderId()) + "; participant " + participantId + " has id " + expected
                    + " in round " + run.roundId(), true);
            return;
        }
        process(machine.handle(m));
    }

    @Override
    public void onLeft(String participantId) {
        process(machine.participantLeft(run.secaggId(participantId)));
    }

    @Override
    public RoundOutcome outcome() {
        return outcome;
    }

    private void deadlinePassed() {
        LOG.info("round {}: the {} stage's deadline passed", run.roundId(), stageName(machine.stage()));
        process(machine.stageDeadlinePassed());
    }

    private void process(CoordinatorStep step) {
        for (Outgoing o : step.messages()) {
            String recipient = run.participantId(o.recipientId());
            run.send(recipient, run.envelope().setSecagg(o.message()).build());
            if (o.message().hasAbort()) {
                // Dismissed (it missed a deadline) or the round is over for it: a message of
                // its that crossed this one on the wire is a straggler, not a violation.
                run.markLeft(recipient);
            }
        }
        step.rejection().ifPresent(this::refuse);
        if (machine.stage() != stage) {
            enter(machine.stage());
        }
    }

    private void refuse(Rejection r) {
        String id = run.participantId(r.senderId());
        if (!r.senderRemoved()) {
            // It had already left the round (e.g. dismissed at a deadline, its message still in
            // flight): nothing to undo, and no reason to cut its connection for later rounds.
            LOG.info("round {}: ignored a late message from {}: {}", run.roundId(), id, r);
            return;
        }
        LOG.warn("round {}: {} leaves the round: {}", run.roundId(), id, r);
        // The machine already counts it as gone; only the connection is left to close.
        run.refuse(id, errorCode(r.reason()), r.reason() + ": " + r.detail(), false);
    }

    private void enter(SecAggStage next) {
        stage = next;
        switch (next) {
            case COMPLETED -> complete();
            case ABORTED -> abort();
            default -> {
                run.clock.enter(stageName(next));
                run.armDeadline(next == SecAggStage.MASKED_INPUT ? run.trainingTimeout() : run.keyStageTimeout(),
                        this::deadlinePassed);
            }
        }
    }

    private void complete() {
        run.clock.stop();
        run.cancelDeadline();
        try {
            float[] average = machine.averageUpdate().orElseThrow();
            List<String> survivors = machine.survivors().orElseThrow().stream().map(run::participantId).toList();
            outcome = new RoundOutcome.Completed(average, survivors);
        } catch (IllegalArgumentException e) {
            // Masking hides each input's range, so a participant that masked garbage shows up here.
            outcome = new RoundOutcome.Aborted("the unmasked sum is not a sum of valid updates: " + e.getMessage());
        }
    }

    private void abort() {
        run.clock.stop();
        run.cancelDeadline();
        Abort a = machine.abortReason().orElseThrow();
        String in = machine.abortedIn().map(SecAggRoundDriver::stageName).orElse("?");
        outcome = new RoundOutcome.Aborted(a.getReason() + " in " + in + ": " + a.getDetail());
    }

    static String stageName(SecAggStage s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** The transport error that tells a refused participant why. */
    static ErrorCode errorCode(SecAggAbortReason reason) {
        return switch (reason) {
            case WRONG_ROUND -> ErrorCode.WRONG_ROUND;
            case INVALID_SIGNATURE -> ErrorCode.BAD_SIGNATURE;
            case MALFORMED_MESSAGE, DUPLICATE_KEY, DECRYPTION_FAILED, RECONSTRUCTION_FAILED -> ErrorCode.MALFORMED_FRAME;
            case TIMEOUT -> ErrorCode.TIMEOUT;
            default -> ErrorCode.WRONG_STAGE;
        };
    }
}
