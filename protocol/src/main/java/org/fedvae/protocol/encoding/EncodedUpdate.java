package org.fedvae.protocol.encoding;

import java.util.Arrays;
import java.util.Objects;

/**
 * An encoded update: {@code words} holds the delta's coordinates as integers modulo 2^32 followed
 * by one last element, the participant's capped weight; {@code clippedCount} is how many
 * coordinates were clipped to the range.
 *
 * <p>The record does not copy {@code words}: it is hundreds of thousands of elements that the
 * masking step adds to in place. Whoever holds the record owns the array.
 */
public record EncodedUpdate(int[] words, int clippedCount) {

    public EncodedUpdate {
        Objects.requireNonNull(words, "words");
        if (words.length < 1) {
            throw new IllegalArgumentException("an encoded update holds at least the weight element");
        }
        if (clippedCount < 0 || clippedCount > words.length - 1) {
            throw new IllegalArgumentException("clippedCount " + clippedCount + " is not in 0.." + (words.length - 1));
        }
    }

    /** The number of delta coordinates (words.length - 1). */
    public int dimension() {
        return words.length - 1;
    }

    /** The capped weight stored in the last element. */
    public int weight() {
        return words[words.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedUpdate other && clippedCount == other.clippedCount && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(words) + clippedCount;
    }

    @Override
    public String toString() {
        return "EncodedUpdate[dimension=" + dimension() + ", weight=" + weight() + ", clippedCount=" + clippedCount + "]";
    }
}
