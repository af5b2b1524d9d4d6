package org.fedvae.participant.federation;

/** A round start this participant will not take part in; the message goes back in a RoundDecline. */
final class RoundRefused extends Exception {

    private static final long serialVersionUID = 1L;

    RoundRefused(String message) {
        super(message);
    }
}
