package org.fedvae.coordinator.http;

import java.util.Locale;

/** A small JSON writer for the dashboard's flat documents (the coordinator has no JSON library). */
final class JsonText {

    private final StringBuilder b = new StringBuilder();
    private boolean needComma;

    JsonText beginObject() {
        comma();
        b.append('{');
        needComma = false;
        return this;
    }

    JsonText endObject() {
        b.append('}');
        needComma = true;
        return this;
    }

    JsonText beginArray() {
        comma();
        b.append('[');
        needComma = false;
        return this;
    }

    JsonText endArray() {
        b.append(']');
        needComma = true;
        return this;
    }

    /** A key; the next call writes its value. */
    JsonText key(String name) {
        comma();
        string(name);
        b.append(':');
        needComma = false;
        return this;
    }

    JsonText value(String s) {
        comma();
        if (s == null) {
            b.append("null");
        } else {
            string(s);
        }
        needComma = true;
        return this;
    }

    JsonText value(long n) {
        comma();
        b.append(n);
        needComma = true;
        return this;
    }

    /** NaN and infinities, which JSON cannot hold, as null. */
    JsonText value(double d) {
        comma();
        b.append(Double.isFinite(d) ? Double.toString(d) : "null");
        needComma = true;
        return this;
    }

    JsonText value(boolean v) {
        comma();
        b.append(v);
        needComma = true;
        return this;
    }

    JsonText nullValue() {
        comma();
        b.append("null");
        needComma = true;
        return this;
    }

    private void comma() {
        if (needComma) {
            b.append(',');
            needComma = false;
        }
    }

    private void string(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
