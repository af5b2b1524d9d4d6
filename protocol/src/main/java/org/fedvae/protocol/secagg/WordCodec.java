package org.fedvae.protocol.secagg;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/** Packs int vectors (values mod 2^32) as little-endian uint32 bytes, the MaskedInput wire form. */
public final class WordCodec {

    private WordCodec() {}

    public static ByteString pack(int[] words) {
        ByteBuffer buf = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(words);
        // The buffer is fresh and never touched again, so wrapping without a copy is safe.
        return UnsafeByteOperations.unsafeWrap(buf.array());
    }

    /** Number of words in a packed vector, or -1 when its length is not a multiple of 4. */
    static int wordCount(ByteString packed) {
        return packed.size() % 4 == 0 ? packed.size() / 4 : -1;
    }

    /** Adds the packed words into {@code sum} element-wise mod 2^32; lengths must match. */
    public static void addInto(ByteString packed, int[] sum) {
        if (packed.size() != sum.length * 4) {
            throw new IllegalArgumentException(
                    "packed vector has " + packed.size() + " bytes, expected " + sum.length * 4);
        }
        IntBuffer in =
                packed.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += in.get(i);
        }
    }

    public static int[] unpack(ByteString packed) {
        if (packed.size() % 4 != 0) {
            throw new IllegalArgumentException("packed vector length " + packed.size() + " is not a multiple of 4");
        }
        int[] out = new int[packed.size() / 4];
        packed.asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asIntBuffer()
                .get(out);
        return out;
    }
}
