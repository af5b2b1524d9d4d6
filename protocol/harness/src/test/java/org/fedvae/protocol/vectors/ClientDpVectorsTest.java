package org.fedvae.protocol.vectors;

import static org.fedvae.protocol.vectors.VectorFile.hex;
import static org.fedvae.protocol.vectors.VectorFile.integer;
import static org.fedvae.protocol.vectors.VectorFile.list;
import static org.fedvae.protocol.vectors.VectorFile.obj;
import static org.fedvae.protocol.vectors.VectorFile.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.encoding.ddp.AesCtrBits;
import org.fedvae.protocol.encoding.ddp.DdpDecoder;
import org.fedvae.protocol.encoding.ddp.DdpEncoder;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.encoding.ddp.DiscreteGaussianSampler;
import org.fedvae.protocol.encoding.ddp.HadamardRotation;
import org.fedvae.protocol.encoding.ddp.RotationSeed;
import org.junit.jupiter.api.Test;

/** client_dp.json replayed: rotation seed and signs, streams, sampler draws, encodings and the decoded sum. */
class ClientDpVectorsTest {

    private static final Map<String, Object> FILE = VectorFile.load("client_dp.json");

    private static double dbl(Map<String, Object> m, String key) {
        return ((BigDecimal) VectorFile.get(m, key)).doubleValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void rotationSeedAndSigns() {
        Map<String, Object> r = obj(FILE, "rotation");
        byte[] seed = RotationSeed.of(Long.parseLong(str(r, "round_id")), hex(r, "config_digest"));
        assertArrayEquals(hex(r, "rotation_seed"), seed);
        List<Object> signs = (List<Object>) VectorFile.get(r, "signs_first_128");
        byte[] actual = HadamardRotation.signs(seed, signs.size());
        for (int i = 0; i < signs.size(); i++) {
            assertEquals(((Number) signs.get(i)).intValue(), actual[i], "sign " + i);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void streamsAndSamplerDraws() {
        for (Map<String, Object> s : list(FILE, "streams")) {
            AesCtrBits bits = AesCtrBits.derived(str(s, "label"), hex(s, "seed"));
            for (Object w : (List<Object>) VectorFile.get(s, "first_words")) {
                assertEquals(Long.parseUnsignedLong(w.toString()), bits.nextLong());
            }
        }
        for (Map<String, Object> c : list(FILE, "discrete_gaussian")) {
            DiscreteGaussianSampler sampler = new DiscreteGaussianSampler(
                    dbl(c, "variance"), AesCtrBits.derived(str(c, "stream_label"), hex(c, "stream_seed")));
            for (Object d : (List<Object>) VectorFile.get(c, "draws")) {
                assertEquals(((Number) d).longValue(), sampler.next());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void encodingsAndTheirSumReplay() {
        Map<String, Object> p = obj(FILE, "parameters");
        DdpParameters params = new DdpParameters(
                integer(p, "dimension"),
                integer(p, "block_size"),
                dbl(p, "clip"),
                dbl(p, "scale"),
                dbl(p, "noise_stddev"),
                integer(p, "min_contributors"),
                integer(p, "max_participants"));
        assertEquals(integer(p, "padded_length"), params.paddedLength());
        assertEquals(str(p, "squared_bound"), params.squaredBound().toString());
        EncodingConfig trailer = EncodingVectorsTest.config(obj(FILE, "trailer_config"));
        byte[] seed = hex(FILE, "rotation_seed");
        int[] sum = new int[VectorLayout.wordCount(params.paddedLength())];
        for (Map<String, Object> e : list(FILE, "encodings")) {
            float[] delta = VectorFile.floatsLe(hex(e, "delta_f32le"));
            AesCtrBits secret = AesCtrBits.derived(str(e, "secret_stream_label"), hex(e, "secret_stream_seed"));
            EncodedUpdate update = DdpEncoder.encode(delta, params, seed, LocalEvaluation.NONE, trailer, secret);
            assertArrayEquals(VectorFile.words(e, "words"), update.words());
            List<Object> rounded = (List<Object>) VectorFile.get(e, "rounded");
            List<Object> noise = (List<Object>) VectorFile.get(e, "noise");
            for (int i = 0; i < rounded.size(); i++) {
                assertEquals(update.words()[i], (int)
                        (((Number) rounded.get(i)).longValue() + ((Number) noise.get(i)).longValue()));
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += update.words()[i];
            }
        }
        assertArrayEquals(VectorFile.words(FILE, "sum_words"), sum);
        assertArrayEquals(
                VectorFile.floatsLe(hex(FILE, "decoded_average_f32le")), DdpDecoder.decodeAverage(sum, params, seed));
    }
}
