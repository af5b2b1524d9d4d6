package org.fedvae.protocol.vectors;

import static org.fedvae.protocol.vectors.VectorFile.hex;
import static org.fedvae.protocol.vectors.VectorFile.list;
import static org.fedvae.protocol.vectors.VectorFile.obj;
import static org.fedvae.protocol.vectors.VectorFile.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.secagg.graph.AdversaryClass;
import org.fedvae.protocol.secagg.graph.GraphParameterFinder;
import org.fedvae.protocol.secagg.graph.GraphParameters;
import org.fedvae.protocol.secagg.graph.GraphPermutation;
import org.fedvae.protocol.secagg.graph.HararyGraph;
import org.junit.jupiter.api.Test;

/** graph.json: rings, neighbourhoods and share indices from session ids; the parameter rule's points. */
class GraphVectorsTest {

    private static final Map<String, Object> FILE = VectorFile.load("graph.json");

    @Test
    void rings() {
        List<Map<String, Object>> cases = list(FILE, "rings");
        assertEquals(3, cases.size());
        for (Map<String, Object> c : cases) {
            String name = str(c, "name");
            byte[] seed = GraphPermutation.seed(hex(c, "session_id"));
            assertArrayEquals(hex(c, "seed"), seed, name);
            int[] ring = GraphPermutation.shuffle(seed, ints(c.get("members")));
            assertArrayEquals(ints(c.get("ring")), ring, name);
            HararyGraph g = HararyGraph.onRing(((BigDecimal) c.get("degree")).intValueExact(), ring);
            for (Map<String, Object> h : list(c, "neighbourhoods")) {
                int id = ((BigDecimal) h.get("id")).intValueExact();
                int[] hood = g.neighbourhood(id);
                assertArrayEquals(ints(h.get("neighbourhood")), hood, name + " " + id);
                Map<String, Object> indices = obj(h, "share_indices");
                for (int i = 0; i < hood.length; i++) {
                    assertEquals(i + 1, ((BigDecimal) indices.get(Integer.toString(hood[i]))).intValueExact(), name);
                }
            }
        }
        // The known answer in PROTOCOL.md 3.1.
        assertArrayEquals(
                new int[] {7, 6, 8, 3, 2, 10, 4, 5, 1, 9}, ints(cases.get(0).get("ring")));
    }

    @Test
    void parameterRule() {
        for (Map<String, Object> c : list(FILE, "parameter_rule")) {
            GraphParameters p = new GraphParameterFinder(
                            ((BigDecimal) c.get("n")).intValueExact(),
                            Double.parseDouble(str(c, "corrupted")),
                            Double.parseDouble(str(c, "dropout")),
                            AdversaryClass.valueOf(str(c, "adversary")))
                    .find()
                    .orElseThrow();
            assertEquals(((BigDecimal) c.get("degree")).intValueExact(), p.degree());
            assertEquals(((BigDecimal) c.get("threshold")).intValueExact(), p.threshold());
        }
    }

    private static int[] ints(Object list) {
        return ((List<?>) list)
                .stream().mapToInt(x -> ((BigDecimal) x).intValueExact()).toArray();
    }
}
