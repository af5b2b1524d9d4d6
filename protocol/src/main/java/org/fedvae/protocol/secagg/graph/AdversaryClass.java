package org.fedvae.protocol.secagg.graph;

/** What the coordinator is assumed to do, for the parameter rule ({@link GraphParameterFinder}). */
public enum AdversaryClass {
    /** The coordinator follows the protocol but pools what it sees with the corrupted participants. */
    SEMI_HONEST,
    /**
     * The coordinator also lies about who dropped out: it may ask some neighbours of a participant for its self-mask
     * shares and others for its mask-key shares. The threshold then exceeds half a neighbourhood plus its corrupted
     * members, so the honest neighbours cannot be split into two groups that each reach it.
     */
    ACTIVE
}
