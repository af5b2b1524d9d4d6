package org.fedvae.protocol.secagg;

import org.fedvae.protocol.proto.SecAggMessage;

/** The stages of one round, the same on both sides; the last two are terminal. */
public enum SecAggStage {
    ADVERTISE_KEYS,
    SHARE_KEYS,
    MASKED_INPUT,
    CONSISTENCY_CHECK,
    UNMASKING,
    COMPLETED,
    ABORTED;

    public boolean isTerminal() {
        return this == COMPLETED || this == ABORTED;
    }

    /** The stage of the message a participant sends in answer to {@code m}, or null if it sends none. */
    public static SecAggStage ofReplyTo(SecAggMessage m) {
        return switch (m.getBodyCase()) {
            case KEY_LIST -> SHARE_KEYS;
            case ROUTED_SHARES -> MASKED_INPUT;
            case CONSISTENCY_CHECK_REQUEST -> CONSISTENCY_CHECK;
            case UNMASKING_REQUEST -> UNMASKING;
            default -> null;
        };
    }
}
