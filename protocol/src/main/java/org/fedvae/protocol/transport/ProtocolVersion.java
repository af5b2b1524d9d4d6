package org.fedvae.protocol.transport;

/** The wire protocol version. Both sides put it in every Envelope and check it on every frame. */
public final class ProtocolVersion {

    /** The version this build speaks. */
    public static final int CURRENT = 1;

    private ProtocolVersion() {
    }

    /** Whether this build can talk to a peer announcing {@code version}. */
    public static boolean isSupported(long version) {
        return version == CURRENT;
    }
}
