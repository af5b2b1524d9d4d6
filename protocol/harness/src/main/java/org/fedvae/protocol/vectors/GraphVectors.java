package org.fedvae.protocol.vectors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.fedvae.protocol.secagg.graph.AdversaryClass;
import org.fedvae.protocol.secagg.graph.GraphParameterFinder;
import org.fedvae.protocol.secagg.graph.GraphParameters;
import org.fedvae.protocol.secagg.graph.GraphPermutation;
import org.fedvae.protocol.secagg.graph.HararyGraph;

/** graph.json: the SecAgg+ ring, neighbourhoods and share indices for given session ids, and the parameter rule. */
final class GraphVectors {

    private GraphVectors() {}

    static Map<String, Object> build() {
        Map<String, Object> f = CryptoVectors.header("SecAgg+ graph (PROTOCOL.md 3.1). seed = SHA-256(\"fedvae/secagg/"
                + "v1/graph-seed\" || session_id); ring = Fisher-Yates over U1 in ascending id order, for i = m-1 down to "
                + "1 the next PRG(seed) word w (LE uint32, skipped while w >= 2^32 - 2^32 mod (i+1)) picks j = w mod (i+1)"
                + "; neighbours of u: ring distance 1..k/2 (everyone if k >= m-1); neighbourhood = neighbours and u, "
                + "ascending; share_indices[v] = v's 1-based rank in the dealer's neighbourhood. parameter_rule: the "
                + "degree and threshold of GraphParameterFinder.");
        List<Object> cases = new ArrayList<>();
        cases.add(ring(
                "zero-session-ten-members",
                new byte[32],
                IntStream.rangeClosed(1, 10).toArray(),
                4));
        SplitMix64 r = new SplitMix64(11);
        TreeSet<Integer> ids = new TreeSet<>();
        while (ids.size() < 16) {
            ids.add(1 + (int) Long.remainderUnsigned(r.nextRaw(), 0x7fffffffL));
        }
        cases.add(ring(
                "sixteen-members-degree-6",
                sha256("fedvae vector graph 1"),
                ids.stream().mapToInt(Integer::intValue).toArray(),
                6));
        cases.add(
                ring("degree-above-members-is-complete", sha256("fedvae vector graph 2"), new int[] {3, 9, 27, 81}, 4));
        f.put("rings", cases);
        List<Object> rule = new ArrayList<>();
        rule.add(parameters(1_000, 0.05, 0.33, AdversaryClass.SEMI_HONEST));
        rule.add(parameters(10_000, 0.05, 0.33, AdversaryClass.SEMI_HONEST));
        rule.add(parameters(1_000, 0.05, 0.1, AdversaryClass.ACTIVE));
        rule.add(parameters(10_000, 0.05, 0.1, AdversaryClass.ACTIVE));
        rule.add(parameters(1_000, 0.05, 0.33, AdversaryClass.ACTIVE));
        f.put("parameter_rule", rule);
        return f;
    }

    private static Map<String, Object> ring(String name, byte[] sessionId, int[] ascending, int degree) {
        byte[] seed = GraphPermutation.seed(sessionId);
        int[] ring = GraphPermutation.shuffle(seed, ascending);
        HararyGraph g = HararyGraph.onRing(degree, ring);
        Map<String, Object> c = Json.object();
        c.put("name", name);
        c.put("session_id", V.hex(sessionId));
        c.put("seed", V.hex(seed));
        c.put("members", ints(ascending));
        c.put("degree", degree);
        c.put("ring", ints(ring));
        List<Object> hoods = new ArrayList<>();
        for (int u : ascending) {
            int[] hood = g.neighbourhood(u);
            Map<String, Object> h = Json.object();
            h.put("id", u);
            h.put("neighbourhood", ints(hood));
            Map<String, Object> indices = Json.object();
            for (int i = 0; i < hood.length; i++) {
                indices.put(Integer.toString(hood[i]), i + 1);
            }
            h.put("share_indices", indices);
            hoods.add(h);
        }
        c.put("neighbourhoods", hoods);
        return c;
    }

    private static Map<String, Object> parameters(int n, double corrupted, double dropout, AdversaryClass adversary) {
        GraphParameters p = new GraphParameterFinder(n, corrupted, dropout, adversary)
                .find()
                .orElseThrow();
        Map<String, Object> c = Json.object();
        c.put("n", n);
        c.put("corrupted", Double.toString(corrupted));
        c.put("dropout", Double.toString(dropout));
        c.put("adversary", adversary.name());
        c.put("degree", p.degree());
        c.put("threshold", p.threshold());
        return c;
    }

    private static List<Object> ints(int[] a) {
        return new ArrayList<>(Arrays.stream(a).boxed().toList());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
