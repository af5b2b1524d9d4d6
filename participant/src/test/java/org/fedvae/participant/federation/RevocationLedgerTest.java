package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationLedgerTest {

    @TempDir
    Path dir;

    @Test
    void aRestartedParticipantRemembersTheHighestListNumberItAccepted() throws IOException {
        RevocationLedger ledger = RevocationLedger.open(dir);
        assertEquals(0, ledger.highest());
        ledger.record(3);
        ledger.record(5);
        ledger.record(4); // a lower number never lowers the mark
        assertEquals(5, ledger.highest());
        assertEquals(5, RevocationLedger.open(dir).highest());
        assertEquals("5", Files.readString(dir.resolve(RevocationLedger.FILE)).trim());
    }

    @Test
    void inMemoryOnlyWithoutAStateFolder() throws IOException {
        RevocationLedger ledger = RevocationLedger.open(null);
        ledger.record(2);
        assertEquals(2, ledger.highest());
    }

    @Test
    void aDamagedLedgerStopsTheParticipantWithAClearMessage() throws IOException {
        for (String bad : new String[] {"7x", "-1", ""}) {
            Files.writeString(dir.resolve(RevocationLedger.FILE), bad);
            IOException e = assertThrows(IOException.class, () -> RevocationLedger.open(dir), bad);
            assertTrue(
                    e.getMessage().contains("not a revocation list number")
                            && e.getMessage().contains("Restore it"),
                    e.getMessage());
        }
    }
}
