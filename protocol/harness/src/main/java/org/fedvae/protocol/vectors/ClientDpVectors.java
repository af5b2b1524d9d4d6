package org.fedvae.protocol.vectors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
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

/**
 * client_dp.json: the client-level DP encoding (docs/PROTOCOL.md, section 7.1): rotation seed and
 * signs, the AES-CTR stream, discrete Gaussian draws, encodings with their rounded vectors and
 * noise, and a sum decoded. Rotation signs, the stream and the rotation are checked against an
 * independent re-implementation (AES-ECB on counter blocks; the Hadamard matrix by Sylvester's
 * rule); the noise draws are the sampler's (its distribution is tested, not re-implemented).
 */
final class ClientDpVectors {

    static final String SECRET_LABEL = "fedvae/test-vectors/ddp-secret";

    private ClientDpVectors() {}

    static Map<String, Object> build() {
        Map<String, Object> f = CryptoVectors.header("Client-level DP encoding (distributed discrete Gaussian). "
                + "rotation_seed = SHA-256(\"fedvae/ddp/rotation-seed/v1\" || 0x00 || BE64(round_id) || config_digest); "
                + "signs: AES-256-CTR (zero IV) under SHA-256(\"fedvae/ddp/rotation-signs/v1\" || 0x00 || rotation_seed), "
                + "little-endian 64-bit words, bit i mod 64 (LSB first) of word i / 64, 1 meaning -1. Streams below: "
                + "AES-256-CTR under SHA-256(label || 0x00 || seed), words little-endian. Encoding: clip to L2 norm C, pad "
                + "with zeros to padded_length, multiply by the signs, normalized Walsh-Hadamard H/sqrt(B) per block, "
                + "times scale, conditional randomized rounding (each coordinate up iff draw < fraction, draw = "
                + "(word >>> 11) * 2^-53; redo while the squared norm exceeds squared_bound), then add a discrete Gaussian "
                + "of variance local_variance per coordinate (Canonne-Kamath-Steinke exact sampler on the same stream), "
                + "word = value mod 2^32; trailer as section 7 with weight 1. Decoding: signed words / scale, inverse "
                + "rotation, first dimension values, divided by the weight word.");
        f.put("rotation", rotation());
        f.put("streams", List.of(stream("fedvae/test-vectors/ddp-stream", new byte[] {1, 2, 3})));
        f.put("discrete_gaussian", samplers());
        EncodingConfig trailer = new EncodingConfig(1f, 10, 100, 3);
        DdpParameters p = new DdpParameters(10, 4, 1.0, 1024, 0.05, 2, 3);
        byte[] rotationSeed = RotationSeed.of(7, new byte[32]);
        List<Object> encodings = new ArrayList<>();
        float[][] deltas = {
            {0.1f, -0.2f, 0.05f, 0f, 0.3f, -0.3f, 0.02f, 0.01f, -0.04f, 0.2f},
            {1.5f, -2.0f, 0.5f, 0.25f, 0f, 0f, 1f, -1f, 0.5f, 0.125f},
            {-0.01f, 0.02f, -0.03f, 0.04f, -0.05f, 0.06f, -0.07f, 0.08f, -0.09f, 0.1f}
        };
        int[] sum = new int[VectorLayout.wordCount(p.paddedLength())];
        for (int u = 0; u < deltas.length; u++) {
            Map<String, Object> e = encoding(p, trailer, rotationSeed, deltas[u], new byte[] {(byte) (u + 1)});
            encodings.add(e);
            int[] words = (int[]) e.remove("_words");
            for (int i = 0; i < sum.length; i++) {
                sum[i] += words[i];
            }
        }
        f.put("parameters", parameters(p));
        f.put("trailer_config", EncodingVectors.config(trailer));
        f.put("round_id", "7");
        f.put("config_digest", V.hex(new byte[32]));
        f.put("rotation_seed", V.hex(rotationSeed));
        f.put("encodings", encodings);
        f.put("sum_words", V.unsigned(sum));
        f.put("decoded_average_f32le", V.floatsLe(DdpDecoder.decodeAverage(sum, p, rotationSeed)));
        return f;
    }

    private static Map<String, Object> rotation() {
        byte[] seed = RotationSeed.of(7, new byte[32]);
        byte[] expected = sha(
                ("fedvae/ddp/rotation-seed/v1").getBytes(StandardCharsets.US_ASCII),
                new byte[] {0},
                ByteBuffer.allocate(8).putLong(7).array(),
                new byte[32]);
        V.checkEqual(expected, seed, "rotation seed");
        byte[] signs = HadamardRotation.signs(seed, 128);
        long[] words = aesCtrWords(
                sha(HadamardRotation.SIGN_LABEL.getBytes(StandardCharsets.US_ASCII), new byte[] {0}, seed), 2);
        for (int i = 0; i < 128; i++) {
            int bit = (int) (words[i / 64] >>> (i % 64)) & 1;
            V.check(signs[i] == (bit == 1 ? -1 : 1), "rotation sign " + i);
        }
        // The rotation against the Hadamard matrix (Sylvester: H[i][j] = (-1)^popcount(i & j)).
        double[] x = new double[8];
        for (int i = 0; i < 8; i++) {
            x[i] = i - 3.5;
        }
        double[] y = x.clone();
        HadamardRotation.rotate(y, java.util.Arrays.copyOf(signs, 8), 8);
        for (int i = 0; i < 8; i++) {
            double s = 0;
            for (int j = 0; j < 8; j++) {
                s += (Integer.bitCount(i & j) % 2 == 0 ? 1 : -1) * signs[j] * x[j];
            }
            V.check(Math.abs(s / Math.sqrt(8) - y[i]) < 1e-12, "rotated coordinate " + i);
        }
        Map<String, Object> m = Json.object();
        m.put("round_id", "7");
        m.put("config_digest", V.hex(new byte[32]));
        m.put("rotation_seed", V.hex(seed));
        List<Object> s = new ArrayList<>();
        for (byte b : signs) {
            s.add((int) b);
        }
        m.put("signs_first_128", s);
        return m;
    }

    private static Map<String, Object> stream(String label, byte[] seed) {
        AesCtrBits bits = AesCtrBits.derived(label, seed);
        long[] expected = aesCtrWords(sha(label.getBytes(StandardCharsets.US_ASCII), new byte[] {0}, seed), 4);
        List<Object> words = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long w = bits.nextLong();
            V.check(w == expected[i], "stream word " + i);
            words.add(Long.toUnsignedString(w));
        }
        Map<String, Object> m = Json.object();
        m.put("label", label);
        m.put("seed", V.hex(seed));
        m.put("first_words", words);
        return m;
    }

    private static List<Object> samplers() {
        List<Object> out = new ArrayList<>();
        double[] variances = {0.25, 2.5, 1e6};
        for (int c = 0; c < variances.length; c++) {
            byte[] seed = {(byte) (10 + c)};
            DiscreteGaussianSampler s =
                    new DiscreteGaussianSampler(variances[c], AesCtrBits.derived(SECRET_LABEL, seed));
            List<Object> draws = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                draws.add(s.next());
            }
            Map<String, Object> m = Json.object();
            m.put("variance", variances[c]);
            m.put("stream_label", SECRET_LABEL);
            m.put("stream_seed", V.hex(seed));
            m.put("draws", draws);
            out.add(m);
        }
        return out;
    }

    static Map<String, Object> parameters(DdpParameters p) {
        Map<String, Object> m = Json.object();
        m.put("dimension", p.dimension());
        m.put("block_size", p.blockSize());
        m.put("clip", p.clip());
        m.put("scale", p.scale());
        m.put("noise_stddev", p.noiseStddev());
        m.put("min_contributors", p.minContributors());
        m.put("max_participants", p.maxParticipants());
        m.put("modulus_bits", DdpParameters.MODULUS_BITS);
        m.put("padded_length", p.paddedLength());
        m.put("local_variance", p.localVariance());
        m.put("rounded_l2_bound", p.roundedL2Bound());
        m.put("squared_bound", p.squaredBound().toString());
        return m;
    }

    private static Map<String, Object> encoding(
            DdpParameters p, EncodingConfig trailer, byte[] rotationSeed, float[] delta, byte[] secretSeed) {
        double[] x = new double[p.paddedLength()];
        boolean clipped = DdpEncoder.clipInto(delta, p.clip(), x);
        long[] rounded = DdpEncoder.rotateScaleRound(x, p, rotationSeed, AesCtrBits.derived(SECRET_LABEL, secretSeed));
        EncodedUpdate e = DdpEncoder.encode(
                delta, p, rotationSeed, LocalEvaluation.NONE, trailer, AesCtrBits.derived(SECRET_LABEL, secretSeed));
        V.check(e.clippedCount() == (clipped ? 1 : 0), "clip flag");
        List<Object> r = new ArrayList<>();
        List<Object> noise = new ArrayList<>();
        for (int i = 0; i < rounded.length; i++) {
            r.add(rounded[i]);
            noise.add((long) (e.words()[i] - (int) rounded[i]));
        }
        Map<String, Object> m = Json.object();
        m.put("delta_f32le", V.floatsLe(delta));
        m.put("secret_stream_label", SECRET_LABEL);
        m.put("secret_stream_seed", V.hex(secretSeed));
        m.put("clipped", clipped);
        m.put("rounded", r);
        m.put("noise", noise);
        m.put("words", V.unsigned(e.words()));
        m.put("_words", e.words());
        return m;
    }

    private static byte[] sha(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AES-256-CTR with a zero IV, re-implemented as AES-ECB on big-endian counter blocks 0, 1, ... */
    private static long[] aesCtrWords(byte[] key, int count) {
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            ByteBuffer stream = ByteBuffer.allocate((count * 8 + 15) / 16 * 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int block = 0; stream.hasRemaining(); block++) {
                byte[] counter = new byte[16];
                ByteBuffer.wrap(counter).putLong(8, block);
                stream.put(ecb.doFinal(counter));
            }
            stream.flip();
            long[] words = new long[count];
            for (int i = 0; i < count; i++) {
                words[i] = stream.getLong();
            }
            return words;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
