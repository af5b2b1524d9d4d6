package org.fedvae.protocol.secagg;

import java.util.Objects;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggAbortReason;

/**
 * A broken protocol rule, with the reason code that goes on the wire. Participants abort on it;
 * the coordinator rejects the offending message (or aborts the round when the rule is about the
 * round as a whole, such as falling below the threshold).
 */
public final class SecAggViolation extends Exception {

    private static final long serialVersionUID = 1L;

    private final SecAggAbortReason reason;
    private final int culpritId;

    public SecAggViolation(SecAggAbortReason reason, String detail) {
        this(reason, detail, 0);
    }

    /** A violation that blames one participant ({@code culpritId}, 0 for nobody in particular). */
    public SecAggViolation(SecAggAbortReason reason, String detail, int culpritId) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.culpritId = culpritId;
    }

    public SecAggAbortReason reason() {
        return reason;
    }

    /** The participant this violation blames, or 0. */
    public int culpritId() {
        return culpritId;
    }

    /** The human-readable part, without the reason code. */
    public String detail() {
        String m = getMessage();
        return m.substring(m.indexOf(": ") + 2);
    }

    public Abort toAbort() {
        return Abort.newBuilder()
                .setReason(reason)
                .setDetail(detail())
                .setCulpritId(culpritId)
                .build();
    }
}
