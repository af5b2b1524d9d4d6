package org.fedvae.participant.federation;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Optional;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.PlainUpdate;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.secagg.WordCodec;

/**
 * The update leaves unmasked, as one PlainUpdate: only in a comparison round whose id its operator
 * consented to run without secure aggregation. It has no stages and no keys; a secure-aggregation message
 * in such a round is refused (the participant declines the round rather than guess). It ends only
 * by refusing or by the caller's deadline: after sending its update it still waits, under the
 * caller's timer, for the coordinator's RoundEnd.
 */
final class PlainExit implements UpdateExit {

    static final String SECAGG_REFUSED =
            "the coordinator sent secure-aggregation messages in a round without secure aggregation";

    private final int wordCount;
    private boolean submitted;
    private boolean gaveUp;
    private String refusal;

    /** @param wordCount the round's {@code RoundConfig.wordCount()}: the coordinates and the trailer words */
    PlainExit(int wordCount) {
        this.wordCount = wordCount;
    }

    @Override
    public List<Message> start() {
        return List.of();
    }

    @Override
    public List<Message> onMessage(SecAggMessage message) {
        if (!isTerminal()) {
            refusal = SECAGG_REFUSED;
        }
        return List.of();
    }

    @Override
    public List<Message> submit(int[] words) {
        if (words.length != wordCount) {
            throw new IllegalArgumentException(
                    "encoded input has " + words.length + " words, the round expects " + wordCount);
        }
        if (submitted) {
            throw new IllegalStateException("the update of this round was already submitted");
        }
        submitted = true;
        if (isTerminal()) {
            return List.of();
        }
        return List.of(
                PlainUpdate.newBuilder().setWordsLe(WordCodec.pack(words)).build());
    }

    @Override
    public List<Message> deadlinePassed() {
        gaveUp = true;
        return List.of(); // nothing to abort: the coordinator learns from the missing update
    }

    @Override
    public boolean isTerminal() {
        return gaveUp || refusal != null;
    }

    @Override
    public Optional<Abort> abortReason() {
        return Optional.empty();
    }

    @Override
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    public Optional<SecAggStage> stage() {
        return Optional.empty();
    }
}
