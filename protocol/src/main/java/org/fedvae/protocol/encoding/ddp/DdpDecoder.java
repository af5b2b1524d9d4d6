package org.fedvae.protocol.encoding.ddp;

import java.util.Objects;
import org.fedvae.protocol.encoding.VectorLayout;

/**
 * The coordinator's side of a client-level DP round: the unmasked sum of the survivors' {@link
 * DdpEncoder} vectors, read as centred integers (signed 32-bit), divided by the scale, rotated back
 * and cut to the model's dimension, divided by the number of survivors (the weight word: each
 * contributes 1).
 */
public final class DdpDecoder {

    private DdpDecoder() {}

    /**
     * @return the noisy average of the survivors' clipped deltas
     * @throws IllegalArgumentException if the vector's length does not fit the parameters or the
     *     weight word (the survivor count) is not in 1..maxParticipants
     */
    public static float[] decodeAverage(int[] sum, DdpParameters params, byte[] rotationSeed) {
        Objects.requireNonNull(sum, "sum");
        Objects.requireNonNull(params, "params");
        int padded = params.paddedLength();
        if (sum.length != VectorLayout.wordCount(padded)) {
            throw new IllegalArgumentException("a DP sum for " + padded + " padded coordinates has "
                    + VectorLayout.wordCount(padded) + " words, got " + sum.length);
        }
        long survivors = Integer.toUnsignedLong(sum[padded + VectorLayout.WEIGHT]);
        if (survivors < 1 || survivors > params.maxParticipants()) {
            throw new IllegalArgumentException("survivor count " + survivors + " is not in 1.."
                    + params.maxParticipants() + ": the sum is corrupt or still masked");
        }
        double[] x = new double[padded];
        for (int i = 0; i < padded; i++) {
            x[i] = sum[i] / params.scale(); // the int's sign is the centred residue mod 2^32
        }
        HadamardRotation.inverse(x, HadamardRotation.signs(rotationSeed, padded), params.blockSize());
        float[] average = new float[params.dimension()];
        for (int i = 0; i < average.length; i++) {
            average[i] = (float) (x[i] / survivors);
        }
        return average;
    }
}
