package org.fedvae.protocol.transport;

import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;

/**
 * A protocol violation by the peer, or a refusal. Thrown from a handler of the pipeline, it is
 * answered with an ErrorMessage carrying {@link #code()} and closes that one connection; it also
 * fails the client's handshake future when the coordinator refuses.
 */
public class TransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public TransportException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
