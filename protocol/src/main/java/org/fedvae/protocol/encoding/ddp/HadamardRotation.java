package org.fedvae.protocol.encoding.ddp;

/**
 * The randomized Hadamard rotation in blocks: x (padded with zeros to a multiple of the block size
 * B, a power of two) times random signs, then the normalized Walsh-Hadamard transform
 * (H / sqrt(B), orthogonal and its own inverse) on each block of B coordinates. It spreads a
 * vector's energy over its block, so that after scaling every coordinate is small with high
 * probability (the modular-clipping bound of {@link DdpParameters}); it preserves the L2 norm.
 *
 * <p>The signs are public (derived from the round, {@link #signs}): privacy does not rest on them.
 */
public final class HadamardRotation {

    /** The label of the sign stream: AES-256-CTR under SHA-256(label || 0 || seed). */
    public static final String SIGN_LABEL = "fedvae/ddp/rotation-signs/v1";

    private HadamardRotation() {}

    /**
     * One sign per padded coordinate, +1 or -1: bit i mod 64 (least significant first) of word
     * floor(i / 64) of {@link AesCtrBits#derived}(SIGN_LABEL, seed), 1 meaning -1.
     */
    public static byte[] signs(byte[] seed, int paddedLength) {
        AesCtrBits stream = AesCtrBits.derived(SIGN_LABEL, seed);
        byte[] signs = new byte[paddedLength];
        long word = 0;
        for (int i = 0; i < paddedLength; i++) {
            if ((i & 63) == 0) {
                word = stream.nextLong();
            }
            signs[i] = (byte) (((word >>> (i & 63)) & 1) == 1 ? -1 : 1);
        }
        return signs;
    }

    /** Rotates in place: x := blockwise H/sqrt(B) (signs * x). {@code x.length} must be a multiple of B. */
    public static void rotate(double[] x, byte[] signs, int blockSize) {
        checkShape(x, signs, blockSize);
        for (int i = 0; i < x.length; i++) {
            x[i] *= signs[i];
        }
        transformBlocks(x, blockSize);
    }

    /** The inverse, in place: x := signs * (blockwise H/sqrt(B) x). */
    public static void inverse(double[] x, byte[] signs, int blockSize) {
        checkShape(x, signs, blockSize);
        transformBlocks(x, blockSize);
        for (int i = 0; i < x.length; i++) {
            x[i] *= signs[i];
        }
    }

    private static void transformBlocks(double[] x, int blockSize) {
        double norm = 1 / Math.sqrt(blockSize);
        for (int start = 0; start < x.length; start += blockSize) {
            for (int half = 1; half < blockSize; half <<= 1) {
                for (int i = start; i < start + blockSize; i += half << 1) {
                    for (int j = i; j < i + half; j++) {
                        double a = x[j];
                        double b = x[j + half];
                        x[j] = a + b;
                        x[j + half] = a - b;
                    }
                }
            }
            for (int i = start; i < start + blockSize; i++) {
                x[i] *= norm;
            }
        }
    }

    private static void checkShape(double[] x, byte[] signs, int blockSize) {
        if (blockSize < 1 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two, got " + blockSize);
        }
        if (x.length % blockSize != 0 || signs.length != x.length) {
            throw new IllegalArgumentException("vector length " + x.length + " and " + signs.length
                    + " signs must be equal and a multiple of the block size " + blockSize);
        }
    }
}
