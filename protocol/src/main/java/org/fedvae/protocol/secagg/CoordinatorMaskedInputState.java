package org.fedvae.protocol.secagg;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.fedvae.protocol.proto.ConsistencyCheckRequest;
import org.fedvae.protocol.proto.MaskedInput;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * Stage 3 (coordinator): collects the masked inputs of U2 and adds each into the running sum as
 * it arrives (mod 2^32), so no single masked vector is kept. On close: U3 = senders, sent to each
 * of them for signing.
 */
final class CoordinatorMaskedInputState extends CoordinatorState {

    private final KeyRing u1;
    private final SessionGraph graph;
    private final byte[] sessionId;
    private final NavigableSet<Integer> u2;
    /** Every member of U2's verified share commitments, for checking revealed shares. */
    private final Map<Integer, DealerCommitments> commitments;

    private final StageArrivals<Boolean> arrivals;
    private final int[] sum;

    CoordinatorMaskedInputState(
            CoordinatorContext ctx,
            KeyRing u1,
            SessionGraph graph,
            byte[] sessionId,
            NavigableSet<Integer> u2,
            Map<Integer, DealerCommitments> commitments) {
        super(ctx);
        this.u1 = u1;
        this.graph = graph;
        this.sessionId = sessionId;
        this.u2 = u2;
        this.commitments = commitments;
        this.arrivals = new StageArrivals<>("MaskedInput", "U2", ctx.present(u2));
        this.sum = new int[ctx.config.wordCount()];
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.MASKED_INPUT;
    }

    @Override
    SecAggMessage.BodyCase collects() {
        return SecAggMessage.BodyCase.MASKED_INPUT;
    }

    @Override
    void accept(int sender, SecAggMessage message) throws SecAggViolation {
        arrivals.admit(sender);
        MaskedInput input = message.getMaskedInput();
        if (input.getWordsLe().size() != 4L * sum.length) {
            throw new SecAggViolation(
                    SecAggAbortReason.MALFORMED_MESSAGE,
                    "MaskedInput of participant " + sender + " has "
                            + input.getWordsLe().size() + " bytes, expected " + 4L * sum.length + " (" + sum.length
                            + " words)");
        }
        WordCodec.addInto(input.getWordsLe(), sum);
        arrivals.put(sender, Boolean.TRUE);
    }

    @Override
    boolean complete() {
        return arrivals.complete(ctx.gone);
    }

    @Override
    CoordinatorState close(List<Outgoing> out) throws SecAggViolation {
        arrivals.requireThreshold(ctx.config.threshold());
        NavigableSet<Integer> u3 = Collections.unmodifiableNavigableSet(
                new TreeSet<>(arrivals.arrived().keySet()));
        ctx.dismissMissing(arrivals, "MaskedInput", out);
        SecAggMessage request = ctx.message()
                .setConsistencyCheckRequest(ConsistencyCheckRequest.newBuilder().addAllSurvivors(u3))
                .build();
        ctx.broadcast(request, u3, out);
        return new CoordinatorConsistencyCheckState(ctx, u1, graph, sessionId, u2, commitments, u3, sum);
    }

    @Override
    Set<Integer> members() {
        return arrivals.expected();
    }

    @Override
    void wipe() {
        Arrays.fill(sum, 0);
    }
}
