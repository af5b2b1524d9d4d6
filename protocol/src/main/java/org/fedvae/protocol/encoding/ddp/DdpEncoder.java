package org.fedvae.protocol.encoding.ddp;

import java.util.Objects;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.encoding.VectorLayout;

/**
 * A participant's update in a client-level DP round (docs/PROTOCOL.md, section 7.1): clip the
 * delta to L2 norm C, pad to the rotation's length, rotate, scale, round conditionally, add its
 * share of discrete Gaussian noise and write the integers modulo 2^32; then the usual trailer with
 * weight 1 (DP rounds average with equal weights, so one participant's influence is bounded by C).
 */
public final class DdpEncoder {

    private DdpEncoder() {}

    /**
     * @param delta local model minus global model, {@code params.dimension()} finite values
     * @param rotationSeed the round's public rotation seed ({@link RotationSeed})
     * @param evaluation the received model's loss on the local test set (trailer only)
     * @param trailerConfig the round's fixed-point configuration, for the trailer words
     * @param secret the participant's own secret randomness, fresh for the round: the rounding
     *     draws come first, then the noise, then the trailer's one draw
     * @return the padded length plus the {@link VectorLayout#TRAILER_WORDS} trailer words; the clip
     *     count (low limb) is 1 if the delta was clipped
     */
    public static EncodedUpdate encode(
            float[] delta,
            DdpParameters params,
            byte[] rotationSeed,
            LocalEvaluation evaluation,
            EncodingConfig trailerConfig,
            RandomBits secret) {
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(secret, "secret");
        if (delta.length != params.dimension()) {
            throw new IllegalArgumentException(
                    "delta has " + delta.length + " values, the round declares " + params.dimension());
        }
        double[] x = new double[params.paddedLength()];
        boolean clipped = clipInto(delta, params.clip(), x);
        long[] rounded = rotateScaleRound(x, params, rotationSeed, secret);
        DiscreteGaussianSampler noise = new DiscreteGaussianSampler(params.localVariance(), secret);
        int[] words = new int[VectorLayout.wordCount(x.length)];
        for (int i = 0; i < rounded.length; i++) {
            words[i] = (int) (rounded[i] + noise.next());
        }
        int clipCount = clipped ? 1 : 0;
        UpdateEncoder.writeTrailer(words, 1, evaluation, trailerConfig, secret::nextDouble, clipCount);
        return new EncodedUpdate(words, clipCount);
    }

    /**
     * Copies delta into the front of {@code out} scaled by min(1, C / ||delta||); true if it was
     * scaled down. Refuses non-finite values (a diverged model).
     */
    public static boolean clipInto(float[] delta, double clip, double[] out) {
        double squared = 0;
        for (int i = 0; i < delta.length; i++) {
            if (!Float.isFinite(delta[i])) {
                throw new IllegalArgumentException(
                        "delta[" + i + "] is " + delta[i] + "; refusing to encode a non-finite update");
            }
            squared += (double) delta[i] * delta[i];
        }
        double norm = Math.sqrt(squared);
        double factor = norm > clip ? clip / norm : 1.0;
        for (int i = 0; i < delta.length; i++) {
            out[i] = delta[i] * factor;
        }
        return norm > clip;
    }

    /** Rotates and scales the padded, clipped vector, then rounds it within the norm bound (its draws first). */
    public static long[] rotateScaleRound(double[] x, DdpParameters params, byte[] rotationSeed, RandomBits secret) {
        HadamardRotation.rotate(x, HadamardRotation.signs(rotationSeed, x.length), params.blockSize());
        double scale = params.scale();
        for (int i = 0; i < x.length; i++) {
            x[i] *= scale;
        }
        return ConditionalRounding.round(x, params.squaredBound(), secret);
    }
}
