package org.fedvae.coordinator.enrol;

/** A refused or failed enrolment step, with a message meant for the operator. */
public final class EnrolmentException extends Exception {

    private static final long serialVersionUID = 1L;

    public EnrolmentException(String message) {
        super(message);
    }

    public EnrolmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
