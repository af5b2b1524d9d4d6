package org.fedvae.protocol.vectors;

import static org.fedvae.protocol.vectors.VectorFile.f32;
import static org.fedvae.protocol.vectors.VectorFile.integer;
import static org.fedvae.protocol.vectors.VectorFile.list;
import static org.fedvae.protocol.vectors.VectorFile.obj;
import static org.fedvae.protocol.vectors.VectorFile.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.encoding.CohortEvaluation;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.encoding.RoundingSource;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.junit.jupiter.api.Test;

/** encoding.json: single encodings replayed with their recorded rounding draws, limit sums, refused configurations. */
class EncodingVectorsTest {

    private static final Map<String, Object> FILE = VectorFile.load("encoding.json");

    static EncodingConfig config(Map<String, Object> c) {
        return new EncodingConfig(
                f32(c, "clip_range"),
                integer(c, "scale_bits"),
                integer(c, "max_weight"),
                integer(c, "max_participants"));
    }

    /** Returns the recorded draws in order, so the encoder rounds exactly as recorded. */
    private static final class Replay implements RoundingSource {
        private final List<Object> draws;
        private int next;

        Replay(List<Object> draws) {
            this.draws = draws;
        }

        @Override
        public double nextDouble() {
            return ((BigDecimal) draws.get(next++)).doubleValue();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void encodings() {
        for (Map<String, Object> c : list(FILE, "encodings")) {
            EncodingConfig config = config(obj(c, "config"));
            assertEquals(VectorFile.longValue(c, "offset_unit"), config.offsetUnit(), str(c, "name"));
            assertEquals(VectorFile.longValue(c, "max_coordinate_sum"), config.maxCoordinateSum(), str(c, "name"));
            float[] delta = VectorFile.floatsLe(VectorFile.hex(c, "delta_f32le"));
            List<Object> decimal = (List<Object>) VectorFile.get(c, "delta");
            for (int i = 0; i < delta.length; i++) {
                assertEquals(delta[i], ((BigDecimal) decimal.get(i)).floatValue(), "decimal and binary delta agree");
            }
            List<Object> draws = (List<Object>) VectorFile.get(c, "rounding_draws");
            Replay rng = new Replay(draws);
            EncodedUpdate e = UpdateEncoder.encode(delta, integer(c, "weight"), evaluation(c), config, rng);
            assertEquals(draws.size(), rng.next, "one draw per coordinate and one for the loss sum");
            assertEquals(delta.length + 1, draws.size());
            assertArrayEquals(VectorFile.words(c, "words"), e.words(), str(c, "name"));
            assertEquals(integer(c, "clipped_count"), e.clippedCount(), str(c, "name"));
            assertEquals(integer(c, "capped_weight"), e.weight());
        }
    }

    /** test_loss is a number, or the string "NaN" for a diverged evaluation. */
    static LocalEvaluation evaluation(Map<String, Object> c) {
        Object loss = VectorFile.get(c, "test_loss");
        double l = loss instanceof String text ? Double.parseDouble(text) : ((BigDecimal) loss).doubleValue();
        return new LocalEvaluation(l, integer(c, "test_samples"));
    }

    @Test
    void sumsAtTheLimitDecodeExactly() {
        for (Map<String, Object> c : list(FILE, "sums")) {
            EncodingConfig config = config(obj(c, "config"));
            assertEquals(VectorFile.longValue(c, "max_coordinate_sum"), config.maxCoordinateSum());
            assertEquals(integer(c, "headroom_bits"), config.headroomBits());
            int[] sum = new int[VectorFile.words(c, "sum_words").length];
            for (Map<String, Object> in : list(c, "inputs")) {
                int[] w = VectorFile.words(in, "words");
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += w[i];
                }
            }
            assertArrayEquals(VectorFile.words(c, "sum_words"), sum, str(c, "name"));
            float[] average = UpdateDecoder.decodeAverage(sum, config);
            @SuppressWarnings("unchecked")
            List<Object> expected = (List<Object>) VectorFile.get(c, "decoded_average");
            for (int i = 0; i < average.length; i++) {
                assertEquals(((BigDecimal) expected.get(i)).floatValue(), average[i], str(c, "name"));
            }
            CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(sum, config);
            assertEquals(
                    ((BigDecimal) VectorFile.get(c, "decoded_mean_test_loss")).doubleValue(), evaluation.meanLoss());
            assertEquals(VectorFile.longValue(c, "decoded_test_samples"), evaluation.samples());
        }
    }

    @Test
    void refusedConfigurations() {
        for (Map<String, Object> c : list(FILE, "refused_configs")) {
            assertThrows(IllegalArgumentException.class, () -> config(obj(c, "config")), str(c, "name"));
        }
    }
}
