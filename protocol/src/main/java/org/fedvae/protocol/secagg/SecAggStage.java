package org.fedvae.protocol.secagg;

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
}
