package org.fedvae.protocol.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fedvae.protocol.proto.ModelData;
import org.fedvae.protocol.proto.TensorShape;

/**
 * A model as data: a {@link ModelSpec} and one flat float vector holding every parameter in the
 * spec's order. This is what crosses module boundaries and the wire; nothing here knows ND4J.
 */
public final class ModelParameters {

    private final ModelSpec spec;
    private final float[] values;

    private ModelParameters(ModelSpec spec, float[] values) {
        this.spec = spec;
        this.values = values;
    }

    /** Wraps a copy of {@code values}, which must hold exactly {@code spec.totalSize()} floats. */
    public static ModelParameters of(ModelSpec spec, float[] values) {
        Objects.requireNonNull(spec, "spec");
        if (values.length != spec.totalSize()) {
            throw new IllegalArgumentException(
                    "expected " + spec.totalSize() + " values for " + spec + ", got " + values.length);
        }
        return new ModelParameters(spec, values.clone());
    }

    public static ModelParameters zeros(ModelSpec spec) {
        return new ModelParameters(spec, new float[spec.totalSize()]);
    }

    public ModelSpec spec() {
        return spec;
    }

    public int size() {
        return values.length;
    }

    /** A copy of the flat vector. */
    public float[] toFlatArray() {
        return values.clone();
    }

    /** Copies the flat vector into {@code dst} (length must match), avoiding an allocation. */
    public void copyInto(float[] dst) {
        if (dst.length != values.length) {
            throw new IllegalArgumentException("destination has " + dst.length + " slots, model has " + values.length);
        }
        System.arraycopy(values, 0, dst, 0, values.length);
    }

    public float get(int index) {
        return values[index];
    }

    /** A copy of one tensor's values in row-major order. */
    public float[] tensorValues(String name) {
        int off = spec.offsetOf(name);
        return Arrays.copyOfRange(values, off, off + spec.tensor(name).size());
    }

    public ModelData toProto() {
        ModelData.Builder b = ModelData.newBuilder();
        for (TensorSpec t : spec.tensors()) {
            TensorShape.Builder s = TensorShape.newBuilder().setName(t.name());
            for (int d : t.shape()) {
                s.addDims(d);
            }
            b.addTensors(s);
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return b.setValuesLeF32(ByteString.copyFrom(buf.array())).build();
    }

    /** Parses and validates a model from its wire form; the error says what is wrong. */
    public static ModelParameters fromProto(ModelData data) {
        List<TensorSpec> tensors = new ArrayList<>();
        for (TensorShape s : data.getTensorsList()) {
            int[] dims = s.getDimsList().stream().mapToInt(Integer::intValue).toArray();
            tensors.add(new TensorSpec(s.getName(), dims));
        }
        ModelSpec spec = new ModelSpec(tensors);
        ByteString bytes = data.getValuesLeF32();
        long expected = (long) spec.totalSize() * Float.BYTES;
        if (bytes.size() != expected) {
            throw new IllegalArgumentException(
                    "model data has " + bytes.size() + " value bytes, its shapes need " + expected);
        }
        float[] values = new float[spec.totalSize()];
        bytes.asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(values);
        return new ModelParameters(spec, values);
    }

    public static ModelParameters parseFrom(byte[] bytes) throws InvalidProtocolBufferException {
        return fromProto(ModelData.parseFrom(bytes));
    }

    /** Bit-for-bit equality of spec and values (NaN payloads included). */
    public boolean bitEquals(ModelParameters other) {
        if (!spec.equals(other.spec)) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (Float.floatToRawIntBits(values[i]) != Float.floatToRawIntBits(other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ModelParameters" + spec + " (" + values.length + " values)";
    }
}
