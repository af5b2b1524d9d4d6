package org.fedvae.protocol.cohort;

/** A cohort (or the revocation list it came with) that a participant cannot verify; the message says what failed. */
public final class CohortRefused extends Exception {

    private static final long serialVersionUID = 1L;

    public CohortRefused(String message) {
        super(message);
    }

    public CohortRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
