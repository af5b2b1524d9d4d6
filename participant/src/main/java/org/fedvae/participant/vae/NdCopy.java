package org.fedvae.participant.vae;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between Java float arrays and whole, contiguous, offset-0 ND4J arrays. FLOAT goes
 * through a direct NIO view (one memcpy); {@code DataBuffer.setData} would copy element by element.
 */
final class NdCopy {

    private NdCopy() {}

    /** Copies {@code length} values from {@code src} into the start of {@code dst}. */
    static void load(float[] src, int length, INDArray dst) {
        checkWhole(dst, length);
        if (dst.dataType() == DataType.FLOAT) {
            dst.data().asNioFloat().put(0, src, 0, length);
        } else if (dst.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = dst.data().asNioDouble();
            for (int i = 0; i < length; i++) {
                b.put(i, src[i]);
            }
        } else {
            throw new IllegalArgumentException("unsupported data type " + dst.dataType());
        }
    }

    /** Copies the first {@code length} values of {@code src} into {@code dst}. */
    static void store(INDArray src, float[] dst, int length) {
        checkWhole(src, length);
        if (src.dataType() == DataType.FLOAT) {
            FloatBuffer b = src.data().asNioFloat();
            b.get(0, dst, 0, length);
        } else if (src.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = src.data().asNioDouble();
            for (int i = 0; i < length; i++) {
                dst[i] = (float) b.get(i);
            }
        } else {
            throw new IllegalArgumentException("unsupported data type " + src.dataType());
        }
    }

    /** Reads the first {@code length} values of {@code src} as doubles (exact for FLOAT and DOUBLE). */
    static double[] readDoubles(INDArray src, int length) {
        checkWhole(src, length);
        double[] out = new double[length];
        if (src.dataType() == DataType.FLOAT) {
            FloatBuffer b = src.data().asNioFloat();
            for (int i = 0; i < length; i++) {
                out[i] = b.get(i);
            }
        } else {
            src.data().asNioDouble().get(0, out, 0, length);
        }
        return out;
    }

    private static void checkWhole(INDArray a, int length) {
        if (a.offset() != 0
                || a.data().offset() != 0
                || a.length() < length
                || a.data().length() < length) {
            throw new IllegalArgumentException(
                    "not a whole array of at least " + length + " values: " + a.shapeInfoToString());
        }
    }
}
