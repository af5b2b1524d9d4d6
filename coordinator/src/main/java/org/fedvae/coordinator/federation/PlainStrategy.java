package org.fedvae.coordinator.federation;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.secagg.WordCodec;

/**
 * A --no-secagg comparison round: every member sends its encoded update unmasked, and the
 * coordinator sums them. Same encoding, threshold and deadlines as a secure round, so the two
 * compare fairly; but here the coordinator sees each update (trailer words included: the site's
 * evaluation and clip count), which is why it exists for comparison only, in rounds each site
 * consented to by id. Unmasked updates can at least be checked one by one, and are.
 */
final class PlainStrategy implements AggregationStrategy {

    static final String STAGE = "plain_updates";

    private final RoundMachine round;
    private final Cohort cohort;
    private final EncodingConfig encoding;
    private final int[] sum;
    private final List<String> arrived = new ArrayList<>();

    PlainStrategy(RoundMachine round) {
        this.round = round;
        this.cohort = round.cohort();
        this.encoding = round.config().encoding();
        this.sum = new int[round.config().wordCount()];
    }

    @Override
    public void start() {
        round.enterStage(STAGE, round.trainingTimeout());
    }

    @Override
    public void message(String participantId, Envelope envelope) {
        if (envelope.getBodyCase() != Envelope.BodyCase.PLAIN_UPDATE) {
            round.refuse(
                    participantId,
                    ErrorCode.WRONG_STAGE,
                    envelope.getBodyCase() + " in round " + round.roundId()
                            + ", which runs without secure aggregation: a PlainUpdate is expected",
                    true);
            return;
        }
        if (arrived.contains(participantId)) {
            round.refuse(participantId, ErrorCode.WRONG_STAGE, "second PlainUpdate in round " + round.roundId(), true);
            return;
        }
        ByteString words = envelope.getPlainUpdate().getWordsLe();
        String problem = check(words);
        if (problem != null) {
            round.refuse(participantId, ErrorCode.MALFORMED_FRAME, "PlainUpdate " + problem, true);
            return;
        }
        WordCodec.addInto(words, sum);
        arrived.add(participantId);
        closeIfEveryoneIsAccountedFor();
    }

    @Override
    public void left(String participantId) {
        closeIfEveryoneIsAccountedFor();
    }

    @Override
    public void deadlinePassed() {
        close();
    }

    /**
     * Null if {@code packed} is a valid encoding: the right length, a weight in range, every coordinate
     * in range, and trailer words that one participant can produce.
     */
    private String check(ByteString packed) {
        if (packed.size() != 4L * sum.length) {
            return "has " + packed.size() + " bytes, expected " + 4L * sum.length;
        }
        int[] w = WordCodec.unpack(packed);
        int n = VectorLayout.dimension(w.length);
        long weight = Integer.toUnsignedLong(w[n + VectorLayout.WEIGHT]);
        if (weight < 1 || weight > encoding.maxWeight()) {
            return "carries weight " + weight + ", outside 1.." + encoding.maxWeight();
        }
        long max = 2 * weight * encoding.offsetUnit();
        for (int i = 0; i < n; i++) {
            if (Integer.toUnsignedLong(w[i]) > max) {
                return "coordinate " + i + " is outside the range of its weight";
            }
        }
        long count = Integer.toUnsignedLong(w[n + VectorLayout.EVAL_COUNT]);
        // One participant's low limbs hold 16 bits: wider ones could make the cohort's limb sums wrap.
        if (count > encoding.maxWeight()
                || Integer.toUnsignedLong(w[n + VectorLayout.LOSS_LO]) >> EncodingConfig.LIMB_BITS != 0
                || VectorLayout.lossUnits(w) > count * EncodingConfig.maxLossUnitsPerSample()
                || Integer.toUnsignedLong(w[n + VectorLayout.CLIP_LO]) >> EncodingConfig.LIMB_BITS != 0
                || VectorLayout.clipCount(w) > n) {
            return "carries evaluation or clip words outside their ranges";
        }
        return null;
    }

    /** Every member either sent its update or left the round (the cohort's one record of departures). */
    private void closeIfEveryoneIsAccountedFor() {
        if (cohort.members().stream().allMatch(id -> arrived.contains(id) || cohort.hasLeft(id))) {
            close();
        }
    }

    private void close() {
        int t = round.config().threshold();
        if (arrived.size() < t) {
            round.end(new RoundOutcome.Aborted(new RoundAbort(
                    RoundAbort.Cause.BELOW_THRESHOLD,
                    STAGE,
                    arrived.size() + " of " + cohort.size() + " plain updates arrived, threshold is " + t)));
        } else {
            round.end(
                    RoundOutcome.Completed.decode(sum, arrived.stream().sorted().toList(), encoding));
        }
    }
}
