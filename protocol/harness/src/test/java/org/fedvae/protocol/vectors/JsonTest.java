package org.fedvae.protocol.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vector files' JSON form, beyond what the committed files happen to contain (GeneratorTest pins those). */
class JsonTest {

    @Test
    void writesTheVectorLayout() {
        Map<String, Object> inner = Json.object();
        inner.put("b", 2);
        inner.put("a", List.of());
        Map<String, Object> v = Json.object();
        v.put("z", "first");
        v.put(
                "flat",
                Arrays.asList(
                        1,
                        -2L,
                        0.5f,
                        1.0E-4,
                        new BigInteger("18446744073709551615"),
                        new BigDecimal("1.50"),
                        true,
                        null,
                        "s"));
        v.put("empty", Json.object());
        v.put("nested", List.of(inner, List.of(1, 2)));
        assertEquals("""
                {
                  "z": "first",
                  "flat": [1, -2, 0.5, 1.0E-4, 18446744073709551615, 1.50, true, null, "s"],
                  "empty": {},
                  "nested": [
                    {
                      "b": 2,
                      "a": []
                    },
                    [1, 2]
                  ]
                }
                """, Json.write(v));
        assertEquals("[]\n", Json.write(List.of()));
        assertEquals("\"x\"\n", Json.write("x"));
    }

    @Test
    void escapesAllButPrintableAsciiAsLowerCaseUnicode() {
        assertEquals(
                "[\"q\\\" b\\\\ n\\n t\\u0009 r\\u000d del\\u007f e\\u00e9 \\ud83d\\ude00 /\"]\n",
                Json.write(List.of("q\" b\\ n\n t\t r\r del\u007f e\u00e9 \ud83d\ude00 /")));
    }

    @Test
    void parsesWhatItWritesWithExactDecimals() {
        Map<String, Object> v = Json.object();
        v.put("s", "t\u00e9\n\"");
        v.put("n", new ArrayList<>(List.of(new BigDecimal("1"), new BigDecimal("0.10"), new BigDecimal("4294967295"))));
        v.put("o", Json.object());
        v.put("b", false);
        v.put("x", null);
        assertEquals(v, Json.parse(Json.write(v)));
        Object n = ((Map<?, ?>) Json.parse("{\"a\": 1.0E-4, \"b\": 7}")).get("a");
        assertEquals(new BigDecimal("1.0E-4"), n);
        assertEquals(new BigDecimal("7"), ((Map<?, ?>) Json.parse("{\"a\": 1.0E-4, \"b\": 7}")).get("b"));
    }

    @Test
    void refusesMalformedInputAndValuesThatAreNotJson() {
        for (String bad : List.of("{\"a\": 1, \"a\": 2}", "[1] 2", "{\"a\": }", "[1,", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("JSON: "), e.getMessage());
        }
        for (Object bad :
                List.of(new byte[] {1}, Float.NaN, Double.POSITIVE_INFINITY, Map.of(1, "a"), List.of(new Object()))) {
            assertThrows(IllegalArgumentException.class, () -> Json.write(bad), bad.toString());
        }
    }
}
