package org.fedvae.protocol.transport;

/** Makes peer-supplied text safe to log: no control characters (no forged log lines), bounded length. */
final class LogText {

    private static final int MAX = 200;

    private LogText() {
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 2).append('"');
        int n = Math.min(s.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (s.length() > MAX) {
            b.append("...");
        }
        return b.append('"').toString();
    }
}
