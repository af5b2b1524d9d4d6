package org.fedvae.protocol.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Random;

/**
 * Structured mutations of a real protocol message, through protobuf reflection so that every
 * message type and field is covered without a case per type: ids and round numbers set to
 * neighbours, other members, 0 or extremes; byte fields flipped, cut, lengthened or emptied;
 * repeated fields with an element dropped, duplicated or moved; the body cleared or swapped for
 * another message's body; plus raw-byte mutations of the serialization.
 */
final class MessageMutator {

    private static final long[] EXTREMES = {0, 1, 2, 0x7fffffffL, 0x80000000L, 0xffffffffL, Long.MAX_VALUE, -1L};

    private MessageMutator() {}

    /** A mutated serialization of {@code m}; {@code donors} lend bodies and ids. */
    static byte[] mutate(Message m, List<? extends Message> donors, Random r) {
        int rounds = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
        Message out = m;
        for (int i = 0; i < rounds; i++) {
            out = mutateOnce(out, donors, r);
        }
        byte[] bytes = out.toByteArray();
        return r.nextInt(5) == 0 ? mutateBytes(bytes, r) : bytes;
    }

    private static Message mutateOnce(Message m, List<? extends Message> donors, Random r) {
        Message.Builder b = m.toBuilder();
        List<FieldDescriptor> fields = b.getDescriptorForType().getFields();
        if (fields.isEmpty()) {
            return m; // e.g. Heartbeat: only raw-byte mutations can change it
        }
        FieldDescriptor f = fields.get(r.nextInt(fields.size()));
        if (f.getContainingOneof() != null && r.nextInt(4) == 0 && !donors.isEmpty()) {
            // Swap the body for the body of another message (same envelope type).
            Message donor = donors.get(r.nextInt(donors.size()));
            FieldDescriptor body = donor.getOneofFieldDescriptor(f.getContainingOneof());
            if (body == null) {
                b.clearOneof(f.getContainingOneof());
            } else {
                b.setField(body, donor.getField(body));
            }
            return b.build();
        }
        if (f.isRepeated()) {
            int n = b.getRepeatedFieldCount(f);
            int choice = r.nextInt(4);
            if (n > 0 && choice == 0) {
                Object keep = b.getRepeatedField(f, r.nextInt(n));
                b.addRepeatedField(f, keep);
            } else if (n > 0 && choice == 1) {
                List<?> all = (List<?>) b.getField(f);
                int drop = r.nextInt(n);
                b.clearField(f);
                for (int i = 0; i < n; i++) {
                    if (i != drop) {
                        b.addRepeatedField(f, all.get(i));
                    }
                }
            } else if (n > 1 && choice == 2) {
                int i = r.nextInt(n);
                int j = r.nextInt(n);
                Object x = b.getRepeatedField(f, i);
                b.setRepeatedField(f, i, b.getRepeatedField(f, j));
                b.setRepeatedField(f, j, x);
            } else if (n > 0) {
                int i = r.nextInt(n);
                b.setRepeatedField(f, i, mutateValue(f, b.getRepeatedField(f, i), donors, r));
            } else {
                b.addRepeatedField(f, mutateValue(f, defaultOf(f, b), donors, r));
            }
            return b.build();
        }
        Object current = b.getField(f);
        b.setField(f, mutateValue(f, current, donors, r));
        return b.build();
    }

    /** A default element for a repeated field (getDefaultValue gives the empty list there). */
    private static Object defaultOf(FieldDescriptor f, Message.Builder b) {
        return switch (f.getJavaType()) {
            case MESSAGE -> b.newBuilderForField(f).build();
            case INT -> 0;
            case LONG -> 0L;
            case BYTE_STRING -> ByteString.EMPTY;
            case STRING -> "";
            case BOOLEAN -> false;
            case ENUM -> f.getEnumType().getValues().get(0);
            default -> throw new IllegalStateException("unexpected field type " + f.getJavaType());
        };
    }

    private static Object mutateValue(FieldDescriptor f, Object v, List<? extends Message> donors, Random r) {
        switch (f.getJavaType()) {
            case INT:
                return (int) number(((Integer) v) & 0xffffffffL, r);
            case LONG:
                return number((Long) v, r);
            case BYTE_STRING:
                return bytes((ByteString) v, r);
            case MESSAGE:
                return r.nextInt(8) == 0
                        ? ((Message) v).getDefaultInstanceForType()
                        : mutateOnce((Message) v, List.of(), r);
            case ENUM:
                List<com.google.protobuf.Descriptors.EnumValueDescriptor> values =
                        f.getEnumType().getValues();
                return values.get(r.nextInt(values.size()));
            case STRING:
                return r.nextBoolean() ? "" : "x".repeat(r.nextInt(600));
            case BOOLEAN:
                return !(Boolean) v;
            default:
                return v;
        }
    }

    private static long number(long v, Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return v + 1;
            case 1:
                return v - 1;
            case 2:
                return Fixture.IDS.get(r.nextInt(Fixture.IDS.size()));
            case 3:
                return EXTREMES[r.nextInt(EXTREMES.length)];
            default:
                return r.nextLong();
        }
    }

    private static ByteString bytes(ByteString v, Random r) {
        byte[] b = v.toByteArray();
        switch (r.nextInt(6)) {
            case 0:
                if (b.length > 0) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return ByteString.copyFrom(b);
            case 1:
                return ByteString.copyFrom(b, 0, b.length == 0 ? 0 : r.nextInt(b.length));
            case 2:
                byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(8));
                return ByteString.copyFrom(longer);
            case 3:
                return ByteString.EMPTY;
            case 4:
                byte[] random = new byte[b.length];
                r.nextBytes(random);
                return ByteString.copyFrom(random);
            default:
                byte[] zeros = new byte[b.length];
                return ByteString.copyFrom(zeros);
        }
    }

    /** Raw mutations of a serialization: bit flips, cuts, insertions, random tails. */
    static byte[] mutateBytes(byte[] in, Random r) {
        byte[] b = in.clone();
        switch (r.nextInt(4)) {
            case 0:
                for (int i = 0, n = 1 + r.nextInt(4); i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            case 1:
                return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            case 2:
                int at = b.length == 0 ? 0 : r.nextInt(b.length);
                byte[] ins = new byte[1 + r.nextInt(16)];
                r.nextBytes(ins);
                byte[] out = new byte[b.length + ins.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(ins, 0, out, at, ins.length);
                System.arraycopy(b, at, out, at + ins.length, b.length - at);
                return out;
            default:
                byte[] tail = new byte[1 + r.nextInt(32)];
                r.nextBytes(tail);
                byte[] joined = java.util.Arrays.copyOf(b, b.length + tail.length);
                System.arraycopy(tail, 0, joined, b.length, tail.length);
                return joined;
        }
    }
}
