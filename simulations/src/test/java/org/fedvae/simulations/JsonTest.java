package org.fedvae.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void keysInInsertionOrderAndNonFiniteNumbersAsNull() {
        ObjectNode paths = Json.object().put("b", 2L).put("a", 1L);
        ObjectNode o = Json.object()
                .put("loss", Double.NaN)
                .put("rate", Float.POSITIVE_INFINITY)
                .put("x", 1.5)
                .put("n", 3)
                .put("on", true)
                .put("name", "a \"b\"")
                .put("none", (Double) null);
        o.set("paths", paths);
        assertEquals("""
                {
                  "loss": null,
                  "rate": null,
                  "x": 1.5,
                  "n": 3,
                  "on": true,
                  "name": "a \\"b\\"",
                  "none": null,
                  "paths": {
                    "b": 2,
                    "a": 1
                  }
                }
                """, Json.pretty(o));
        assertEquals(
                "{\"loss\":null,\"rate\":null,\"x\":1.5,\"n\":3,\"on\":true,\"name\":\"a \\\"b\\\"\",\"none\":null,"
                        + "\"paths\":{\"b\":2,\"a\":1}}",
                Json.line(o));
    }
}
