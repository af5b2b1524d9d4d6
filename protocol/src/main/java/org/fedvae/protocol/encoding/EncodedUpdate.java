package org.fedvae.protocol.encoding;

import java.util.Arrays;
import java.util.Objects;

/**
 * An encoded update: {@code words} holds the delta's coordinates as integers modulo 2^32 followed
 * by the {@link VectorLayout} trailer (the participant's capped weight, its evaluation's loss sum
 * and count, and its clip count); {@code clippedCount} is how many coordinates were clipped to the
 * range (also the last two trailer words, its low and high limb).
 *
 * <p>The record does not copy {@code words}: it is hundreds of thousands of elements that the
 * masking step adds to in place. Whoever holds the record owns the array.
 */
public record EncodedUpdate(int[] words, int clippedCount) {

    public EncodedUpdate {
        Objects.requireNonNull(words, "words");
        if (words.length < VectorLayout.TRAILER_WORDS) {
            throw new IllegalArgumentException(
                    "an encoded update holds at least the " + VectorLayout.TRAILER_WORDS + " trailer words");
        }
        int dimension = VectorLayout.dimension(words.length);
        if (clippedCount < 0 || clippedCount > dimension) {
            throw new IllegalArgumentException("clippedCount " + clippedCount + " is not in 0.." + dimension);
        }
    }

    /** The number of delta coordinates (words.length less the trailer). */
    public int dimension() {
        return VectorLayout.dimension(words.length);
    }

    /** The capped weight: the first trailer word. */
    public int weight() {
        return words[dimension() + VectorLayout.WEIGHT];
    }

    /** The capped test-sample count of the evaluation this update carries. */
    public int evaluationCount() {
        return words[dimension() + VectorLayout.EVAL_COUNT];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedUpdate other
                && clippedCount == other.clippedCount
                && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(words) + clippedCount;
    }

    @Override
    public String toString() {
        return "EncodedUpdate[dimension=" + dimension() + ", weight=" + weight() + ", clippedCount=" + clippedCount
                + "]";
    }
}
