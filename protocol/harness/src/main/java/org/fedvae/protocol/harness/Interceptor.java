package org.fedvae.protocol.harness;

import java.util.List;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * Sits on the {@link SecAggRouter}'s wires: drops participants, replaces messages, records what
 * happens. Every method defaults to leaving the round alone, so an interceptor overrides only
 * what it is for. Interceptors are applied in the order they were added.
 */
public interface Interceptor {

    /**
     * True if participant {@code id} drops out instead of answering a message whose answer
     * belongs to {@code stage} (for {@code ADVERTISE_KEYS}: instead of starting). A dropped
     * participant receives and sends nothing more.
     */
    default boolean dropsBefore(int id, SecAggStage stage) {
        return false;
    }

    /** The messages that actually travel when participant {@code from} sends {@code m}. */
    default List<SecAggMessage> upstream(int from, SecAggMessage m) {
        return List.of(m);
    }

    /** The messages actually delivered when the coordinator's {@code m} reaches participant {@code to}. */
    default List<SecAggMessage> downstream(int to, SecAggMessage m) {
        return List.of(m);
    }

    /** Sees each event of the round as it happens (after the other hooks decided). */
    default void observe(RouteEvent event) {}
}
