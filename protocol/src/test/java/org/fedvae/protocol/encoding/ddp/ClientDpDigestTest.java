package org.fedvae.protocol.encoding.ddp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.fedvae.protocol.proto.ClientDp;
import org.junit.jupiter.api.Test;

/** The canonical encoding of docs/PROTOCOL.md 7.1 ("Binding"), pinned byte for byte. */
class ClientDpDigestTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final ClientDp EXAMPLE = ClientDp.newBuilder()
            .setDimension(1000)
            .setBlockSize(1024)
            .setClip(1.0)
            .setScale(256.0)
            .setNoiseStddev(0.5)
            .setMinContributors(7)
            .setMaxParticipants(10)
            .setModulusBits(32)
            .build();

    @Test
    void theEncodingIsTheLabelThenEveryFieldBigEndianInFieldOrder() {
        String expected = HEX.formatHex("fedvae/client-dp/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "000003e8" // dimension 1000
                + "00000400" // block size 1024
                + "3ff0000000000000" // clip 1.0
                + "4070000000000000" // scale 256.0
                + "3fe0000000000000" // noise stddev 0.5
                + "00000007" // min contributors
                + "0000000a" // max participants
                + "00000020"; // modulus bits
        assertEquals(expected, HEX.formatHex(ClientDpDigest.input(EXAMPLE)));
        // Known answer, computed independently (Python hashlib over the bytes above).
        assertEquals(
                "e98c4f683be3ec3e7c49cd21d36b0740431122850018b014d42bc4b967f7b8c0",
                HEX.formatHex(ClientDpDigest.of(EXAMPLE)));
    }

    @Test
    void uint32FieldsAreUnsignedAndDoublesKeepTheirWireBits() {
        ClientDp odd = EXAMPLE.toBuilder()
                .setDimension(0xFFFFFFFF)
                .setNoiseStddev(-0.0)
                .build();
        byte[] input = ClientDpDigest.input(odd);
        assertEquals("ffffffff", HEX.formatHex(input, 19, 23));
        assertEquals("8000000000000000", HEX.formatHex(input, 43, 51), "-0.0 is not +0.0");
        assertFalse(java.util.Arrays.equals(
                ClientDpDigest.of(odd),
                ClientDpDigest.of(odd.toBuilder().setNoiseStddev(0.0).build())));
    }

    @Test
    void protobufFieldOrderAndUnknownFieldsDoNotChangeTheDigest() throws Exception {
        // The same message serialized with an unknown field appended: different bytes, same parameters.
        byte[] wire = EXAMPLE.toByteArray();
        byte[] extended = java.util.Arrays.copyOf(wire, wire.length + 2);
        extended[wire.length] = (byte) (99 << 3); // field 99, varint
        extended[wire.length + 1] = 1;
        ClientDp parsed = ClientDp.parseFrom(extended);
        assertArrayEquals(ClientDpDigest.of(EXAMPLE), ClientDpDigest.of(parsed));
    }

    @Test
    void everyFieldChangesTheDigest() {
        List<UnaryOperator<ClientDp.Builder>> changes = List.of(
                b -> b.setDimension(1001),
                b -> b.setBlockSize(512),
                b -> b.setClip(Math.nextUp(1.0)),
                b -> b.setScale(255.0),
                b -> b.setNoiseStddev(0.005),
                b -> b.setMinContributors(6),
                b -> b.setMaxParticipants(11),
                b -> b.setModulusBits(31));
        List<String> digests = new ArrayList<>();
        digests.add(HEX.formatHex(ClientDpDigest.of(EXAMPLE)));
        for (UnaryOperator<ClientDp.Builder> change : changes) {
            String d = HEX.formatHex(
                    ClientDpDigest.of(change.apply(EXAMPLE.toBuilder()).build()));
            assertFalse(digests.contains(d), "a changed field left the digest as before: " + d);
            digests.add(d);
        }
        assertTrue(digests.stream().allMatch(d -> d.length() == 2 * ClientDpDigest.BYTES));
    }
}
