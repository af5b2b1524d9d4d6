package org.fedvae.protocol.transport;

/** The wire protocol version. Both sides put it in every Envelope and check it on every frame. */
public final class ProtocolVersion {

    /**
     * The version this build speaks. Version 2 added what makes privacy hold against a coordinator
     * that deviates (signed share commitments, per-message bounds, site-owned checks); a version 1
     * peer is refused, since it would skip them.
     */
    public static final int CURRENT = 2;

    private ProtocolVersion() {}

    /** Whether this build can talk to a peer announcing {@code version}. */
    public static boolean isSupported(long version) {
        return version == CURRENT;
    }
}
