package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundLedgerTest {

    @TempDir
    Path dir;

    @Test
    void aRestartedParticipantRemembersTheNewestRoundItTookPartIn() throws IOException {
        RoundLedger ledger = RoundLedger.open(dir);
        assertEquals(0, ledger.lastRoundId());
        ledger.record(7);
        ledger.record(9);
        RoundLedger afterRestart = RoundLedger.open(dir);
        assertEquals(9, afterRestart.lastRoundId());
        assertThrows(IllegalArgumentException.class, () -> afterRestart.record(9));
        assertThrows(IllegalArgumentException.class, () -> afterRestart.record(8));
    }

    @Test
    void unsignedRoundIdsAboveLongMaxValueAreKeptExactly() throws IOException {
        RoundLedger ledger = RoundLedger.open(dir);
        ledger.record(-2); // 2^64 - 2 as an unsigned id
        assertEquals(-2, RoundLedger.open(dir).lastRoundId());
    }

    @Test
    void aDamagedLedgerStopsTheParticipantWithAClearMessage() throws IOException {
        Files.writeString(dir.resolve(RoundLedger.FILE), "12x");
        IOException e = assertThrows(IOException.class, () -> RoundLedger.open(dir));
        assertTrue(
                e.getMessage().contains("not a round id") && e.getMessage().contains("Restore it from a backup"),
                e.getMessage());
    }
}
