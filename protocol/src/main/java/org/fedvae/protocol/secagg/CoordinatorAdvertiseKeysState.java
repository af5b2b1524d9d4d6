package org.fedvae.protocol.secagg;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * Stage 1 (coordinator): collects AdvertiseKeys from the cohort, each signature checked against
 * the sender's enrolled identity key and no public key accepted twice. On close: U1 = senders,
 * broadcast as the key list.
 */
final class CoordinatorAdvertiseKeysState extends CoordinatorState {

    private final StageArrivals<PeerKeys> arrivals;
    private final Map<ByteBuffer, Integer> keyOwners = new HashMap<>();

    CoordinatorAdvertiseKeysState(CoordinatorContext ctx) {
        super(ctx);
        this.arrivals = new StageArrivals<>("AdvertiseKeys", "the cohort", ctx.config.cohortIds());
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.ADVERTISE_KEYS;
    }

    @Override
    SecAggMessage.BodyCase collects() {
        return SecAggMessage.BodyCase.ADVERTISE_KEYS;
    }

    @Override
    void accept(int sender, SecAggMessage message) throws SecAggViolation {
        arrivals.admit(sender);
        PeerKeys keys = AdvertiseCheck.verify(ctx.config, sender, message.getAdvertiseKeys());
        for (byte[] k : List.of(keys.cPk(), keys.sPk())) {
            Integer owner = keyOwners.get(ByteBuffer.wrap(k));
            if (owner != null) {
                throw new SecAggViolation(
                        SecAggAbortReason.DUPLICATE_KEY,
                        "participant " + sender + " advertised a public key that participant " + owner
                                + " already advertised");
            }
        }
        keyOwners.put(ByteBuffer.wrap(keys.cPk()), sender);
        keyOwners.put(ByteBuffer.wrap(keys.sPk()), sender);
        arrivals.put(sender, keys);
    }

    @Override
    boolean complete() {
        return arrivals.complete(ctx.gone);
    }

    @Override
    CoordinatorState close(List<Outgoing> out) throws SecAggViolation {
        arrivals.requireThreshold(ctx.config.threshold());
        KeyRing u1 = KeyRing.of(arrivals.arrived().values());
        byte[] sessionId = u1.sessionId(ctx.config.roundId());
        ctx.dismissMissing(arrivals, "AdvertiseKeys", out);
        ctx.broadcast(ctx.message().setKeyList(u1.toProto()).build(), u1.ids(), out);
        return new CoordinatorShareKeysState(ctx, u1, SessionGraph.of(ctx.config, u1.ids(), sessionId), sessionId);
    }

    @Override
    Set<Integer> members() {
        return arrivals.expected();
    }
}
