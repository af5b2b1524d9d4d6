package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedvae.participant.privacy.Mechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivacyLedgerTest {

    @TempDir
    Path dir;

    @Test
    void aRestartedSiteRemembersEveryRoundItSpentOnExactly() throws IOException {
        PrivacyLedger ledger = PrivacyLedger.open(dir);
        assertEquals(List.of(), ledger.rounds());
        assertNull(ledger.calibratedEpochs());
        ledger.recordCalibratedEpochs(5);
        Mechanism a = new Mechanism(512.0 / 6000, 1.6437218893, 60);
        Mechanism b = new Mechanism(0.1 / 3, Math.PI, 7);
        ledger.recordRound(a);
        ledger.recordRound(b);
        PrivacyLedger afterRestart = PrivacyLedger.open(dir);
        assertEquals(List.of(a, b), afterRestart.rounds());
        assertEquals(5, afterRestart.calibratedEpochs());
        assertThrows(IllegalStateException.class, () -> afterRestart.recordCalibratedEpochs(9));
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @ValueSource(ints = {0, 1, 10, 19, 40, 80, -1, -5})
    void aTruncatedLedgerIsRefusedAndLeftAsItIs(int keep) throws IOException {
        PrivacyLedger ledger = PrivacyLedger.open(dir);
        ledger.recordRound(new Mechanism(0.05, 1.1, 100));
        ledger.recordRound(new Mechanism(0.05, 1.1, 100));
        Path file = dir.resolve(PrivacyLedger.FILE);
        byte[] whole = Files.readAllBytes(file);
        int length = keep >= 0 ? keep : whole.length + keep;
        byte[] cut = java.util.Arrays.copyOf(whole, length);
        Files.write(file, cut);
        IOException e = assertThrows(IOException.class, () -> PrivacyLedger.open(dir), "kept " + length);
        assertTrue(
                e.getMessage().contains("damaged") && e.getMessage().contains("Restore it from a backup"),
                e.getMessage());
        assertArrayEquals(cut, Files.readAllBytes(file), "the damaged file must stay as it was");
    }

    @Test
    void anEditedLedgerFailsItsChecksum() throws IOException {
        PrivacyLedger ledger = PrivacyLedger.open(dir);
        ledger.recordRound(new Mechanism(0.05, 1.1, 100));
        Path file = dir.resolve(PrivacyLedger.FILE);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        // fewer steps would mean less spending: exactly the edit the checksum must catch
        Files.writeString(file, text.replace(" 100\n", " 10\n"), StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> PrivacyLedger.open(dir));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void withoutAStateFolderItKeepsTheRoundsInMemory() throws IOException {
        PrivacyLedger ledger = PrivacyLedger.open(null);
        ledger.recordRound(new Mechanism(0.1, 2, 3));
        assertEquals(1, ledger.rounds().size());
    }
}
