package org.fedvae.protocol.vectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Typed access to a parsed vector file (see {@link Json}); every accessor fails loudly on a missing field. */
final class VectorFile {

    private VectorFile() {}

    static String text(String name) {
        try (InputStream in = VectorFile.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no vector file " + name + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String name) {
        return (Map<String, Object>) Json.parse(text(name));
    }

    static Object get(Map<String, Object> m, String key) {
        if (!m.containsKey(key)) {
            throw new IllegalStateException("vector has no field " + key + ": " + m.keySet());
        }
        return m.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) get(m, key);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Map<String, Object> m, String key) {
        return (Map<String, Object>) get(m, key);
    }

    static String str(Map<String, Object> m, String key) {
        return (String) get(m, key);
    }

    static byte[] hex(Map<String, Object> m, String key) {
        return HexFormat.of().parseHex(str(m, key));
    }

    static int integer(Map<String, Object> m, String key) {
        return ((BigDecimal) get(m, key)).intValueExact();
    }

    static long longValue(Map<String, Object> m, String key) {
        return ((BigDecimal) get(m, key)).longValueExact();
    }

    static float f32(Map<String, Object> m, String key) {
        return ((BigDecimal) get(m, key)).floatValue();
    }

    /** A list of unsigned 32-bit JSON numbers as Java ints (mod 2^32). */
    @SuppressWarnings("unchecked")
    static int[] words(Map<String, Object> m, String key) {
        List<Object> l = (List<Object>) get(m, key);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) ((BigDecimal) l.get(i)).longValueExact();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static int[] ints(Map<String, Object> m, String key) {
        List<Object> l = (List<Object>) get(m, key);
        return l.stream().mapToInt(o -> ((BigDecimal) o).intValueExact()).toArray();
    }

    static int[] wordsLe(byte[] le) {
        int[] out = new int[le.length / 4];
        ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    static float[] floatsLe(byte[] le) {
        float[] out = new float[le.length / 4];
        ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
