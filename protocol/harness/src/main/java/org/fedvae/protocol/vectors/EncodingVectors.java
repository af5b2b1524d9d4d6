package org.fedvae.protocol.vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.encoding.UpdateEncoder;

/** encoding.json: single encodings (with their rounding draws), sums at the no-wrap limit, refused configurations. */
final class EncodingVectors {

    private EncodingVectors() {
    }

    /** Draws doubles from SplitMix64 and remembers them, so the vector can list them. */
    private static final class Recorded implements RoundingSource {
        private final SplitMix64 source;
        final List<Object> draws = new ArrayList<>();

        Recorded(long seed) {
            source = new SplitMix64(seed);
        }

        @Override
        public double nextDouble() {
            double d = source.nextDouble();
            draws.add(d);
            return d;
        }
    }

    static Map<String, Object> build() {
        List<Object> encodings = new ArrayList<>();
        encodings.add(encoding("clipping", new EncodingConfig(0.5f, 16, 1000, 4), 120,
                new float[] {0.01f, -0.02f, 0.125f, -0.5f, 0.7f, -3.0f, 0f, 0.5f}, 1));
        encodings.add(encoding("weight-capped", new EncodingConfig(1.0f, 10, 100, 10), 5000,
                new float[] {0.333f, -0.999f, 1.0f, -1.0f, 1e-4f}, 2));
        encodings.add(encoding("offset-unit-rounded-up", new EncodingConfig(0.1f, 10, 50, 8), 3,
                new float[] {0.1f, -0.1f, 0.05f, -0.05f, 0.0999f}, 3));
        encodings.add(encoding("scale-bits-zero", new EncodingConfig(4.0f, 0, 10, 3), 2,
                new float[] {1.5f, -1.5f, 3.75f, -0.25f, 100f}, 4));

        List<Object> sums = new ArrayList<>();
        EncodingConfig atLimit = new EncodingConfig(1.0f, 27, 1, 3);
        sums.add(sum("max-coordinate-sum", atLimit, new int[] {1, 1, 1}, 1.0f, 5));
        sums.add(sum("min-coordinate-sum", atLimit, new int[] {1, 1, 1}, -1.0f, 6));
        EncodingConfig heavy = new EncodingConfig(0.25f, 12, 100_000, 2);
        sums.add(sum("max-weight-two-participants", heavy, new int[] {100_000, 250_000}, 0.25f, 7));

        List<Object> refused = new ArrayList<>();
        refused.add(refused("clip-range-zero", 0f, 10, 10, 10));
        refused.add(refused("clip-range-negative", -1f, 10, 10, 10));
        refused.add(refused("scale-bits-32", 1f, 32, 1, 1));
        refused.add(refused("max-weight-zero", 1f, 10, 0, 10));
        refused.add(refused("max-participants-zero", 1f, 10, 10, 0));
        refused.add(refused("sum-reaches-2^30", 1.0f, 27, 1, 4));
        refused.add(refused("sum-beyond-2^32", 1.0f, 20, 1000, 255));
        refused.add(refused("offset-unit-reaches-2^30", 1.0f, 30, 1, 1));

        Map<String, Object> f = CryptoVectors.header("Fixed-point encoding. K = ceil(clip_range * 2^scale_bits), w = "
                + "min(weight, max_weight); each coordinate x is clipped to [-clip_range, clip_range], y = x * w * "
                + "2^scale_bits (in double), q = floor(y) + (1 if draw < y - floor(y) else 0) with one uniform draw in "
                + "[0, 1) per coordinate in order, word = q + w * K mod 2^32; the last word is w. A configuration is "
                + "refused unless max_participants * 2 * max_weight * K < 2^30. Decoding: W = last word of the sum, "
                + "coordinate = (sum - W * K) / (W * 2^scale_bits) rounded to float32.");
        f.put("encodings", encodings);
        f.put("sums", sums);
        f.put("refused_configs", refused);
        return f;
    }

    static Map<String, Object> config(EncodingConfig c) {
        Map<String, Object> m = Json.object();
        m.put("clip_range", c.clipRange());
        m.put("scale_bits", c.scaleBits());
        m.put("max_weight", c.maxWeight());
        m.put("max_participants", c.maxParticipants());
        return m;
    }

    private static Map<String, Object> encoding(String name, EncodingConfig c, int weight, float[] delta, long seed) {
        Recorded rng = new Recorded(seed);
        EncodedUpdate e = UpdateEncoder.encode(delta, weight, c, rng);
        int w = Math.min(weight, c.maxWeight());
        // Independent recomputation from the description above.
        long k = (long) Math.ceil((double) c.clipRange() * Math.pow(2, c.scaleBits()));
        V.check(k == c.offsetUnit(), "offset unit of " + name);
        for (int i = 0; i < delta.length; i++) {
            double x = Math.max(-c.clipRange(), Math.min(c.clipRange(), delta[i]));
            double y = x * (w * Math.pow(2, c.scaleBits()));
            double fl = Math.floor(y);
            long q = (long) fl + ((Double) rng.draws.get(i) < y - fl ? 1 : 0);
            V.check((int) (q + w * k) == e.words()[i], "encoded word " + i + " of " + name);
        }
        Map<String, Object> m = Json.object();
        m.put("name", name);
        m.put("config", config(c));
        m.put("offset_unit", c.offsetUnit());
        m.put("max_coordinate_sum", c.maxCoordinateSum());
        m.put("weight", weight);
        m.put("capped_weight", w);
        List<Object> d = new ArrayList<>();
        for (float x : delta) {
            d.add(x);
        }
        m.put("delta", d);
        m.put("delta_f32le", V.floatsLe(delta));
        m.put("rounding_draws", rng.draws);
        m.put("words", V.unsigned(e.words()));
        m.put("clipped_count", e.clippedCount());
        return m;
    }

    private static Map<String, Object> sum(String name, EncodingConfig c, int[] weights, float value, long seed) {
        int dim = 3;
        int[] total = new int[dim + 1];
        List<Object> inputs = new ArrayList<>();
        RoundingSource rng = new SplitMix64(seed);
        for (int weight : weights) {
            float[] delta = new float[dim];
            java.util.Arrays.fill(delta, value);
            EncodedUpdate e = UpdateEncoder.encode(delta, weight, c, rng);
            for (int i = 0; i <= dim; i++) {
                total[i] += e.words()[i];
            }
            Map<String, Object> in = Json.object();
            in.put("weight", weight);
            in.put("delta", java.util.Collections.nCopies(dim, value));
            in.put("words", V.unsigned(e.words()));
            inputs.add(in);
        }
        float[] average = UpdateDecoder.decodeAverage(total, c);
        for (float a : average) {
            V.check(a == value, name + " decodes to the clip bound exactly");
        }
        Map<String, Object> m = Json.object();
        m.put("name", name);
        m.put("config", config(c));
        m.put("offset_unit", c.offsetUnit());
        m.put("max_coordinate_sum", c.maxCoordinateSum());
        m.put("headroom_bits", c.headroomBits());
        m.put("inputs", inputs);
        m.put("sum_words", V.unsigned(total));
        List<Object> avg = new ArrayList<>();
        for (float a : average) {
            avg.add(a);
        }
        m.put("decoded_average", avg);
        return m;
    }

    private static Map<String, Object> refused(String name, float clip, int scale, int maxWeight, int maxParticipants) {
        boolean threw;
        try {
            new EncodingConfig(clip, scale, maxWeight, maxParticipants);
            threw = false;
        } catch (IllegalArgumentException e) {
            threw = true;
        }
        V.check(threw, "encoding config " + name + " is refused");
        Map<String, Object> m = Json.object();
        m.put("name", name);
        Map<String, Object> c = Json.object();
        c.put("clip_range", clip);
        c.put("scale_bits", scale);
        c.put("max_weight", maxWeight);
        c.put("max_participants", maxParticipants);
        m.put("config", c);
        return m;
    }
}
