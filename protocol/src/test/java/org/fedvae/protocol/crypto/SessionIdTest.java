package org.fedvae.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionIdTest {

    private static SessionId.Entry entry(int id, int cFill, int sFill) {
        byte[] c = new byte[32];
        byte[] s = new byte[32];
        Arrays.fill(c, (byte) cFill);
        Arrays.fill(s, (byte) sFill);
        return new SessionId.Entry(id, c, s);
    }

    /** The documented layout, written out byte by byte. */
    @Test
    void hashesTheDocumentedLayout() throws Exception {
        List<SessionId.Entry> entries = List.of(entry(7, 0x71, 0x72), entry(3, 0x31, 0x32), entry(300, 0xc1, 0xc2));
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write("fedvae/secagg/v1/session-id".getBytes(StandardCharsets.US_ASCII));
        message.write(HexFormat.of().parseHex("0102030405060708"));
        for (int[] e : new int[][] {{3, 0x31, 0x32}, {7, 0x71, 0x72}, {300, 0xc1, 0xc2}}) {
            message.write(new byte[] {(byte) (e[0] >>> 24), (byte) (e[0] >>> 16), (byte) (e[0] >>> 8), (byte) e[0]});
            for (int i = 0; i < 32; i++) {
                message.write(e[1]);
            }
            for (int i = 0; i < 32; i++) {
                message.write(e[2]);
            }
        }
        assertEquals(27 + 8 + 3 * 68, message.size());
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(message.toByteArray());
        assertArrayEquals(expected, SessionId.compute(0x0102030405060708L, entries));
    }

    @Test
    void arrivalOrderDoesNotMatter() {
        List<SessionId.Entry> entries = new ArrayList<>(List.of(entry(1, 1, 2), entry(2, 3, 4), entry(5, 5, 6)));
        byte[] id = SessionId.compute(9, entries);
        java.util.Collections.reverse(entries);
        assertArrayEquals(id, SessionId.compute(9, entries));
    }

    @Test
    void everyInputChangesTheId() {
        byte[] base = SessionId.compute(9, List.of(entry(1, 1, 2), entry(2, 3, 4)));
        assertEquals(SessionId.LENGTH, base.length);
        assertFalse(Arrays.equals(base, SessionId.compute(10, List.of(entry(1, 1, 2), entry(2, 3, 4)))), "round id");
        assertFalse(
                Arrays.equals(base, SessionId.compute(9, List.of(entry(1, 1, 2), entry(3, 3, 4)))), "participant id");
        assertFalse(Arrays.equals(base, SessionId.compute(9, List.of(entry(1, 1, 2), entry(2, 9, 4)))), "c_pk");
        assertFalse(Arrays.equals(base, SessionId.compute(9, List.of(entry(1, 1, 2), entry(2, 3, 9)))), "s_pk");
        assertFalse(
                Arrays.equals(base, SessionId.compute(9, List.of(entry(1, 2, 1), entry(2, 3, 4)))),
                "c_pk and s_pk swapped");
        assertFalse(Arrays.equals(base, SessionId.compute(9, List.of(entry(1, 1, 2)))), "participant left out");
    }

    @Test
    void duplicatesEmptyAndBadKeysAreRejected() {
        IllegalArgumentException dup = assertThrows(
                IllegalArgumentException.class, () -> SessionId.compute(1, List.of(entry(4, 1, 2), entry(4, 3, 4))));
        assertTrue(dup.getMessage().contains("participant 4 advertised keys twice"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SessionId.compute(1, List.of()));
        CryptoException bad =
                assertThrows(CryptoException.class, () -> new SessionId.Entry(5, new byte[32], new byte[31]));
        assertTrue(bad.getMessage().contains("s_pk of participant 5 must be 32 bytes, got 31"), bad.getMessage());
    }
}
