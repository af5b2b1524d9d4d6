package org.fedvae.participant.federation;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Optional;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * How this round's update leaves the site: masked by secure aggregation ({@link SecureAggregationExit})
 * or, in a comparison round the operator allowed, as a PlainUpdate ({@link PlainExit}). Pure: every
 * call returns the Envelope bodies to send (each a {@link SecAggMessage} or a
 * {@link org.fedvae.protocol.proto.PlainUpdate}), in order; {@link ParticipantRound} does the I/O,
 * the timers and the logging. One object per round. Not thread-safe: the round's event loop only.
 */
interface UpdateExit {

    /** What to send as the round starts (a secure round's AdvertiseKeys). Call once. */
    List<Message> start();

    /** A secure-aggregation message from the coordinator for this round; returns the replies. */
    List<Message> onMessage(SecAggMessage message);

    /**
     * The encoded update ({@code RoundConfig.wordCount()} words, copied): returns what carries it (now, or
     * once the round allows). Call once.
     *
     * @throws IllegalArgumentException for the wrong number of words (a caller bug)
     * @throws IllegalStateException    for a second update (a caller bug)
     */
    List<Message> submit(int[] words);

    /** The caller's wait for the coordinator ran out: give up, returning what tells the coordinator so. */
    List<Message> deadlinePassed();

    /** Whether this exit has finished: nothing it receives or is given changes what it sends any more. */
    boolean isTerminal();

    /** Why secure aggregation ended without this participant's part done, once it has. */
    Optional<Abort> abortReason();

    /**
     * Why this participant must leave the round with a RoundDecline, once the coordinator asked for
     * something this exit refuses (secure-aggregation messages in a round without it).
     */
    Optional<String> refusal();

    /** The secure-aggregation stage, for listeners; empty for an exit that has no stages. */
    Optional<SecAggStage> stage();
}
