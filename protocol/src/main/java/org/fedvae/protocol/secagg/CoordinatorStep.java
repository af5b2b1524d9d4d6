package org.fedvae.protocol.secagg;

import java.util.List;
import java.util.Optional;

/** What one call into the coordinator produced: messages to send and, maybe, a refused message. */
public record CoordinatorStep(List<Outgoing> messages, Optional<Rejection> rejection) {

    static final CoordinatorStep NOTHING = new CoordinatorStep(List.of(), Optional.empty());

    public CoordinatorStep {
        messages = List.copyOf(messages);
    }

    public boolean rejected() {
        return rejection.isPresent();
    }
}
