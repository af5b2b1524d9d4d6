package org.fedvae.protocol.transport;

/** Makes peer-supplied text safe to log: no control characters (no forged log lines), bounded length. */
final class LogText {

    private static final int MAX = 200;

    private LogText() {}

    /** {@code s} in double quotes, cleaned and clipped: for text a peer chose. */
    static String quote(String s) {
        return s == null ? "null" : '"' + clip(s, MAX) + '"';
    }

    /** {@code s} without control characters and at most {@code max} characters (plus "..."). */
    static String clip(String s, int max) {
        int n = Math.min(s.length(), max);
        StringBuilder b = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (s.length() > max) {
            b.append("...");
        }
        return b.toString();
    }
}
