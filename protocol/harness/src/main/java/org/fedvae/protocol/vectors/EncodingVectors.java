package org.fedvae.protocol.vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.encoding.CohortEvaluation;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.encoding.VectorLayout;

/** encoding.json: single encodings (with their rounding draws), sums at the no-wrap limit, refused configurations. */
final class EncodingVectors {

    private EncodingVectors() {}

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
        encodings.add(encoding(
                "clipping",
                new EncodingConfig(0.5f, 16, 1000, 4),
                120,
                new float[] {0.01f, -0.02f, 0.125f, -0.5f, 0.7f, -3.0f, 0f, 0.5f},
                new LocalEvaluation(187.3, 40),
                1));
        encodings.add(encoding(
                "weight-and-count-capped",
                new EncodingConfig(1.0f, 10, 100, 10),
                5000,
                new float[] {0.333f, -0.999f, 1.0f, -1.0f, 1e-4f},
                new LocalEvaluation(543.21, 700),
                2));
        encodings.add(encoding(
                "offset-unit-rounded-up",
                new EncodingConfig(0.1f, 10, 50, 8),
                3,
                new float[] {0.1f, -0.1f, 0.05f, -0.05f, 0.0999f},
                new LocalEvaluation(99.99, 3),
                3));
        encodings.add(encoding(
                "scale-bits-zero-loss-clipped",
                new EncodingConfig(4.0f, 0, 10, 3),
                2,
                new float[] {1.5f, -1.5f, 3.75f, -0.25f, 100f},
                new LocalEvaluation(1e6, 2),
                4));
        encodings.add(encoding(
                "diverged-evaluation",
                new EncodingConfig(1.0f, 8, 100, 3),
                9,
                new float[] {0.25f, -0.25f},
                new LocalEvaluation(Double.NaN, 12),
                8));

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
        refused.add(refused("loss-low-limb-sum-reaches-2^32", 1.0f, 0, 1, 65_538));

        Map<String, Object> f = CryptoVectors.header("Fixed-point encoding. K = ceil(clip_range * 2^scale_bits), w = "
                + "min(weight, max_weight); each coordinate x is clipped to [-clip_range, clip_range], y = x * w * "
                + "2^scale_bits (in double), q = floor(y) + (1 if draw < y - floor(y) else 0) with one uniform draw in "
                + "[0, 1) per coordinate in order, word = q + w * K mod 2^32. Then 6 trailer words: w; the loss sum v "
                + "as v mod 2^16 and v >> 16, where m = min(test_samples, max_weight) (0 for a non-finite test_loss) and "
                + "v = floor(z) + (1 if draw < z - floor(z) else 0) with z = clamp(test_loss, 0, 32768) * m * 16 and one "
                + "more draw (always taken); m; the number of clipped coordinates c as c mod 2^16 and c >> 16. A "
                + "configuration is refused unless "
                + "max_participants * 2 * max_weight * K < 2^30 and max_participants * (2^16 - 1) < 2^32. Decoding: W = "
                + "the sum's weight word, coordinate = (sum - W * K) / (W * 2^scale_bits) rounded to float32; loss sum "
                + "S = hi * 2^16 + lo, mean test loss = S / (16 * M) with M the summed count; clip count = hi * 2^16 "
                + "+ lo likewise.");
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

    private static Map<String, Object> encoding(
            String name, EncodingConfig c, int weight, float[] delta, LocalEvaluation evaluation, long seed) {
        Recorded rng = new Recorded(seed);
        EncodedUpdate e = UpdateEncoder.encode(delta, weight, evaluation, c, rng);
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
        checkTrailer(name, c, delta, evaluation, w, (Double) rng.draws.get(delta.length), e);
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
        m.put("test_loss", Double.isNaN(evaluation.meanLoss()) ? "NaN" : evaluation.meanLoss());
        m.put("test_samples", evaluation.samples());
        m.put("rounding_draws", rng.draws);
        m.put("words", V.unsigned(e.words()));
        m.put("clipped_count", e.clippedCount());
        return m;
    }

    /** Independent recomputation of the trailer words from the header's description. */
    private static void checkTrailer(
            String name, EncodingConfig c, float[] delta, LocalEvaluation ev, int w, double draw, EncodedUpdate e) {
        int at = delta.length;
        long m = Double.isFinite(ev.meanLoss()) ? Math.min(ev.samples(), c.maxWeight()) : 0;
        long v = 0;
        if (m > 0) {
            double z = Math.min(Math.max(ev.meanLoss(), 0), 32768.0) * m * 16;
            v = (long) Math.floor(z) + (draw < z - Math.floor(z) ? 1 : 0);
        }
        int clipped = 0;
        for (float x : delta) {
            clipped += Math.abs(x) > c.clipRange() ? 1 : 0;
        }
        V.check(e.words()[at] == w, "weight word of " + name);
        V.check(
                e.words()[at + 1] == (int) (v % 65536) && e.words()[at + 2] == (int) (v / 65536),
                "loss limbs of " + name);
        V.check(e.words()[at + 3] == m, "count word of " + name);
        V.check(e.words()[at + 4] == clipped % 65536 && e.words()[at + 5] == clipped / 65536, "clip limbs of " + name);
    }

    private static Map<String, Object> sum(String name, EncodingConfig c, int[] weights, float value, long seed) {
        int dim = 3;
        int[] total = new int[VectorLayout.wordCount(dim)];
        List<Object> inputs = new ArrayList<>();
        RoundingSource rng = new SplitMix64(seed);
        for (int weight : weights) {
            float[] delta = new float[dim];
            java.util.Arrays.fill(delta, value);
            // Every participant at the loss limit and the count cap: the trailer's own worst case.
            LocalEvaluation worst = new LocalEvaluation(EncodingConfig.MAX_LOSS, weight);
            EncodedUpdate e = UpdateEncoder.encode(delta, weight, worst, c, rng);
            for (int i = 0; i < total.length; i++) {
                total[i] += e.words()[i];
            }
            Map<String, Object> in = Json.object();
            in.put("weight", weight);
            in.put("test_loss", worst.meanLoss());
            in.put("test_samples", worst.samples());
            in.put("delta", java.util.Collections.nCopies(dim, value));
            in.put("words", V.unsigned(e.words()));
            inputs.add(in);
        }
        float[] average = UpdateDecoder.decodeAverage(total, c);
        for (float a : average) {
            V.check(a == value, name + " decodes to the clip bound exactly");
        }
        CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(total, c);
        V.check(evaluation.meanLoss() == EncodingConfig.MAX_LOSS, name + " decodes to the loss limit exactly");
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
        m.put("decoded_mean_test_loss", evaluation.meanLoss());
        m.put("decoded_test_samples", evaluation.samples());
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
