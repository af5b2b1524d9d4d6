package org.fedvae.coordinator.federation;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.secagg.WordCodec;

/**
 * A --no-secagg comparison round: every member sends its encoded update unmasked, and the
 * coordinator sums them. Same encoding, threshold and deadlines as a secure round, so the two
 * compare fairly; but here the coordinator sees each update, which is why it exists for
 * comparison only. Unmasked updates can at least be checked one by one, and are.
 */
final class PlainRoundDriver implements RoundDriver {

    static final String STAGE = "plain_updates";

    private final RoundRun run;
    private final EncodingConfig encoding;
    private final int[] sum;
    private final List<String> arrived = new ArrayList<>();
    private final Set<String> gone = new HashSet<>();
    private RoundOutcome outcome;

    PlainRoundDriver(RoundRun run) {
        this.run = run;
        this.encoding = run.config().encoding();
        this.sum = new int[run.config().wordCount()];
    }

    @Override
    public void start() {
        run.clock.enter(STAGE);
        run.armDeadline(run.trainingTimeout(), this::close);
    }

    @Override
    public void onMessage(String participantId, Envelope envelope) {
        if (outcome != null) {
            return;
        }
        if (envelope.getBodyCase() != Envelope.BodyCase.PLAIN_UPDATE) {
            run.refuse(participantId, ErrorCode.WRONG_STAGE, envelope.getBodyCase() + " in round " + run.roundId()
                    + ", which runs without secure aggregation: a PlainUpdate is expected", true);
            return;
        }
        if (arrived.contains(participantId)) {
            run.refuse(participantId, ErrorCode.WRONG_STAGE, "second PlainUpdate in round " + run.roundId(), true);
            return;
        }
        ByteString words = envelope.getPlainUpdate().getWordsLe();
        String problem = check(words);
        if (problem != null) {
            run.refuse(participantId, ErrorCode.MALFORMED_FRAME, "PlainUpdate " + problem, true);
            return;
        }
        WordCodec.addInto(words, sum);
        arrived.add(participantId);
        closeIfComplete();
    }

    @Override
    public void onLeft(String participantId) {
        if (outcome == null && !arrived.contains(participantId)) {
            gone.add(participantId);
            closeIfComplete();
        }
    }

    @Override
    public RoundOutcome outcome() {
        return outcome;
    }

    /** Null if {@code packed} is a valid encoding: the right length, a weight in range, every coordinate in range. */
    private String check(ByteString packed) {
        if (packed.size() != 4L * sum.length) {
            return "has " + packed.size() + " bytes, expected " + 4L * sum.length;
        }
        int[] w = WordCodec.unpack(packed);
        long weight = Integer.toUnsignedLong(w[w.length - 1]);
        if (weight < 1 || weight > encoding.maxWeight()) {
            return "carries weight " + weight + ", outside 1.." + encoding.maxWeight();
        }
        long max = 2 * weight * encoding.offsetUnit();
        for (int i = 0; i < w.length - 1; i++) {
            if (Integer.toUnsignedLong(w[i]) > max) {
                return "coordinate " + i + " is outside the range of its weight";
            }
        }
        return null;
    }

    private void closeIfComplete() {
        if (arrived.size() + gone.size() >= run.cohort().size()) {
            close();
        }
    }

    private void close() {
        if (outcome != null) {
            return;
        }
        run.clock.stop();
        run.cancelDeadline();
        int t = run.config().threshold();
        if (arrived.size() < t) {
            outcome = new RoundOutcome.Aborted("BELOW_THRESHOLD: " + arrived.size() + " of " + run.cohort().size()
                    + " plain updates arrived, threshold is " + t);
        } else {
            outcome = new RoundOutcome.Completed(UpdateDecoder.decodeAverage(sum, encoding), arrived.stream().sorted().toList());
        }
    }
}
