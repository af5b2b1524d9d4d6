package org.fedvae.coordinator.federation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;

/**
 * The actions one event produced, in order, plus the bytes they put on the wire (counted here,
 * per recipient, so a round's traffic needs no network code). A refusal also reaches the
 * {@code onRefuse} hook at once: the refused participant stops counting as connected before the
 * same event decides whether a round can start.
 */
final class Outbox {

    /** The 4-byte length prefix of every frame. */
    static final int FRAME_PREFIX = 4;

    private final TrafficCounter traffic;
    private final Consumer<String> onRefuse;
    private List<RoundAction> actions = new ArrayList<>();

    Outbox(TrafficCounter traffic, Consumer<String> onRefuse) {
        this.traffic = traffic;
        this.onRefuse = onRefuse;
    }

    void send(String to, Envelope e) {
        traffic.sent(e.getSerializedSize() + FRAME_PREFIX);
        actions.add(new RoundAction.Send(to, e));
    }

    void broadcast(List<String> to, Envelope e) {
        if (!to.isEmpty()) {
            traffic.sent((long) to.size() * (e.getSerializedSize() + FRAME_PREFIX));
            actions.add(new RoundAction.Broadcast(to, e));
        }
    }

    void refuse(String to, ErrorCode code, String message) {
        actions.add(new RoundAction.Refuse(to, code, message));
        onRefuse.accept(to);
    }

    void add(RoundAction action) {
        actions.add(action);
    }

    void arm(long token, Duration after) {
        actions.add(new RoundAction.ArmDeadline(token, after));
    }

    void notify(Consumer<FederationListener> call) {
        actions.add(new RoundAction.Notify(call));
    }

    /** Everything since the last drain, in order. */
    List<RoundAction> drain() {
        List<RoundAction> out = actions;
        actions = new ArrayList<>();
        return out;
    }
}
