package org.fedvae.protocol.vectors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Conversions shared by the vector builders: lower-case hex, little-endian words, checks. */
final class V {

    private static final HexFormat HEX = HexFormat.of();

    private V() {}

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static byte[] unhex(String s) {
        return HEX.parseHex(s);
    }

    /** Words as little-endian uint32 bytes, the MaskedInput wire form. */
    static String wordsLe(int[] words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(words);
        return hex(b.array());
    }

    static String floatsLe(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return hex(b.array());
    }

    /** Words as unsigned JSON numbers. */
    static List<Object> unsigned(int[] words) {
        List<Object> out = new ArrayList<>(words.length);
        for (int w : words) {
            out.add(Integer.toUnsignedLong(w));
        }
        return out;
    }

    static List<Object> ints(Iterable<Integer> ids) {
        List<Object> out = new ArrayList<>();
        ids.forEach(out::add);
        return out;
    }

    /** The generator refuses to write a vector whose independent recomputation disagrees. */
    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("vector self-check failed: " + what);
        }
    }

    static void checkEqual(byte[] expected, byte[] actual, String what) {
        check(Arrays.equals(expected, actual), what + ": expected " + hex(expected) + ", got " + hex(actual));
    }
}
