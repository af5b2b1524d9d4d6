package org.fedvae.protocol.transport;

import java.util.regex.Pattern;

/**
 * Participant ids: 1 to 64 of {@code [A-Za-z0-9._-]}, not "." or "..". Ids name directories and
 * appear in logs and certificates, so nothing else is allowed.
 */
public final class ParticipantIds {

    /** The longest id, in characters (and bytes: the characters are ASCII). */
    public static final int MAX_LENGTH = 64;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private ParticipantIds() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    /** Returns {@code id}, or throws with a message that says what an id may contain. */
    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("invalid participant id " + LogText.quote(id)
                    + ": use 1 to 64 letters, digits, '.', '_' or '-' (not \".\" or \"..\")");
        }
        return id;
    }
}
