package org.fedvae.protocol.transport;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;

/**
 * Walks a message's wire bytes against {@link MessageBounds} without building anything: every
 * length-delimited value within its bound, every repeated field within its element count. The
 * schema has no recursive message, so it bounds the nesting too, and unknown fields are skipped,
 * not descended into. Memory use is independent of the frame's content, so a frame built to parse
 * into a huge object graph is refused before it is parsed.
 */
public final class BoundedWireScanner {

    private BoundedWireScanner() {}

    /**
     * @throws TransportException (MALFORMED_FRAME) naming the field over its bound
     * @throws IOException        if the bytes are not a protobuf message at all
     */
    public static void check(ByteBuffer bytes, Descriptor type, MessageBounds bounds) throws IOException {
        if (bytes.remaining() > bounds.maxBytes(type)) {
            throw refused(type.getName() + " has " + bytes.remaining() + " bytes, at most " + bounds.maxBytes(type));
        }
        scan(CodedInputStream.newInstance(bytes), type, bounds);
    }

    private static void scan(CodedInputStream in, Descriptor type, MessageBounds bounds) throws IOException {
        int[] counts = new int[type.getFields().size()];
        int unknown = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int wireType = WireFormat.getTagWireType(tag);
            if (wireType == WireFormat.WIRETYPE_START_GROUP || wireType == WireFormat.WIRETYPE_END_GROUP) {
                throw refused(type.getName() + " contains a group, which no message of this protocol has");
            }
            FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            if (field == null) {
                // A newer peer's field: kept by the parser, so bounded like any small field.
                if (++unknown > bounds.defaultElements()) {
                    throw refused(type.getName() + " has more than " + bounds.defaultElements() + " unknown fields");
                }
                skip(
                        in,
                        tag,
                        MessageBounds.DEFAULT_FIELD_BYTES,
                        type.getName() + " field " + WireFormat.getTagFieldNumber(tag));
                continue;
            }
            String name = type.getName() + "." + field.getName();
            int added = 1;
            if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int length = in.readRawVarint32();
                int max = bounds.maxBytes(field);
                if (length < 0 || length > max) {
                    throw refused(name + " has " + Integer.toUnsignedString(length) + " bytes, at most " + max);
                }
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    int old = in.pushLimit(length);
                    scan(in, field.getMessageType(), bounds);
                    in.popLimit(old);
                } else if (field.isRepeated() && field.isPackable()) {
                    added = countPacked(in, length, field);
                } else {
                    in.skipRawBytes(length);
                }
            } else {
                in.skipField(tag);
            }
            if (field.isRepeated()) {
                int index = field.getIndex();
                counts[index] += added;
                if (counts[index] > bounds.maxElements(field)) {
                    throw refused(name + " has more than " + bounds.maxElements(field) + " elements");
                }
            }
        }
    }

    /** The number of scalars in a packed run of {@code length} bytes. */
    private static int countPacked(CodedInputStream in, int length, FieldDescriptor field) throws IOException {
        int old = in.pushLimit(length);
        int n = 0;
        while (!in.isAtEnd()) {
            switch (field.getLiteType().getWireType()) {
                case WireFormat.WIRETYPE_FIXED32 -> in.readRawLittleEndian32();
                case WireFormat.WIRETYPE_FIXED64 -> in.readRawLittleEndian64();
                default -> in.readRawVarint64();
            }
            n++;
        }
        in.popLimit(old);
        return n;
    }

    private static void skip(CodedInputStream in, int tag, int maxBytes, String name) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int length = in.readRawVarint32();
            if (length < 0 || length > maxBytes) {
                throw refused(name + " has " + Integer.toUnsignedString(length) + " bytes, at most " + maxBytes);
            }
            in.skipRawBytes(length);
        } else {
            in.skipField(tag);
        }
    }

    private static TransportException refused(String what) {
        return new TransportException(ErrorCode.MALFORMED_FRAME, "frame refused before parsing: " + what);
    }
}
