package org.fedvae.protocol.transport;

/** Names of the transport's handlers in a pipeline, for code that inserts its own next to them. */
public final class PipelineNames {

    public static final String IDLE_STATE = "idle-state";
    public static final String TLS = "tls";
    public static final String FRAME_DECODER = "frame-decoder";
    public static final String FRAME_ENCODER = "frame-encoder";
    public static final String MESSAGE_BOUNDS = "message-bounds";
    public static final String PROTOBUF_DECODER = "protobuf-decoder";
    public static final String PROTOBUF_ENCODER = "protobuf-encoder";
    public static final String IDLE_TIMEOUT = "idle-timeout";
    public static final String HANDSHAKE = "handshake";
    /** Replaces {@link #HANDSHAKE} once the handshake succeeded. */
    public static final String ENVELOPE_VALIDATOR = "envelope-validator";

    public static final String APPLICATION = "application";
    public static final String EXCEPTIONS = "exceptions";

    private PipelineNames() {}
}
