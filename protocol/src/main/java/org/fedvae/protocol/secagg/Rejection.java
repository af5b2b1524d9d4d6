package org.fedvae.protocol.secagg;

import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggAbortReason;

/**
 * The coordinator refused one message. Nothing else in the round changed, except that a cohort
 * member who sent it has left the round ({@code senderRemoved}); the network layer should send
 * it {@link #toAbort()} and close its connection.
 */
public record Rejection(int senderId, SecAggAbortReason reason, String detail, boolean senderRemoved) {

    public Abort toAbort() {
        return Abort.newBuilder().setReason(reason).setDetail(detail).build();
    }

    @Override
    public String toString() {
        return "rejected message from " + Integer.toUnsignedString(senderId) + ": " + reason + ": " + detail;
    }
}
