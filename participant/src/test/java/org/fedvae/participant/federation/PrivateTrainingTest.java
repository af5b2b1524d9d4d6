package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.fedvae.participant.privacy.RdpAccountant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivateTrainingTest {

    private static final int IMAGES = 600;

    @TempDir
    Path dir;

    /** 600 images, expected batch 60: q = 0.1, 10 steps per epoch. */
    private static PrivacyBudget budget(double epsilon, int rounds, Integer epochs) {
        return new PrivacyBudget(epsilon, 1e-5, 1.0, 60, rounds, epochs);
    }

    @ParameterizedTest(name = "epsilon {0}, {1} rounds of {2} epochs")
    @CsvSource({"8, 12, 5", "2, 4, 2", "0.5, 3, 1", "8, 1, 3"})
    void allPlannedRoundsSpendAtMostTheBudgetAndTheNextIsRefused(double epsilon, int rounds, int epochs)
            throws Exception {
        PrivateTraining site = PrivateTraining.open("site-1", budget(epsilon, rounds, null), IMAGES, dir);
        for (int r = 1; r <= rounds; r++) {
            PrivateTraining.Plan plan = site.admit(r, epochs);
            assertEquals(epochs, plan.epochs());
            assertEquals(10L * epochs, plan.mechanism().steps());
            site.spend(r, plan, 1.0);
        }
        double spent = site.spent().epsilon();
        assertTrue(spent <= epsilon * (1 + 1e-9), "spent " + spent + " of " + epsilon);
        assertTrue(spent > 0.97 * epsilon, "calibrated loosely: spent " + spent + " of " + epsilon);
        RoundRefused refused = assertThrows(RoundRefused.class, () -> site.admit(rounds + 1, epochs));
        assertTrue(refused.getMessage().contains("privacy budget"), refused.getMessage());
        // a restart changes nothing: the ledger still holds every round
        PrivateTraining restarted = PrivateTraining.open("site-1", budget(epsilon, rounds, null), IMAGES, dir);
        assertEquals(spent, restarted.spent().epsilon(), 1e-12);
        assertThrows(RoundRefused.class, () -> restarted.admit(rounds + 1, 1));
    }

    @Test
    void aPlanAskingForMoreEpochsIsCappedAndCannotRaiseTheNoiseBudget() throws Exception {
        PrivateTraining site = PrivateTraining.open("site-1", budget(4, 5, null), IMAGES, dir);
        PrivateTraining.Plan first = site.admit(1, 2); // fixes the calibration at 2 epochs per round
        site.spend(1, first, 1.0);
        PrivateTraining.Plan greedy = site.admit(2, 50);
        assertEquals(2, greedy.epochs());
        assertEquals(first.settings(), greedy.settings());
        // after a restart the recorded calibration holds, whatever the next plan says
        PrivateTraining restarted = PrivateTraining.open("site-1", budget(4, 5, null), IMAGES, dir);
        PrivateTraining.Plan later = restarted.admit(3, 50);
        assertEquals(2, later.epochs());
        assertEquals(first.settings().noiseMultiplier(), later.settings().noiseMultiplier());
        PrivateTraining.Plan modest = restarted.admit(3, 1);
        assertEquals(1, modest.epochs());
    }

    @Test
    void theSigmaIsTheAccountantsForAllPlannedSteps() throws Exception {
        PrivateTraining site = PrivateTraining.open("site-1", budget(3, 6, 4), IMAGES, null);
        PrivateTraining.Plan plan = site.admit(1, 4);
        assertEquals(
                RdpAccountant.noiseMultiplier(0.1, 6 * 4 * 10, 1e-5, 3),
                plan.settings().noiseMultiplier());
        assertEquals(0.1, plan.settings().samplingRate());
        assertEquals(1.0, plan.settings().clipNorm());
    }

    @Test
    void aRoundThatWouldOverrunIsRefusedEvenIfEarlierRoundsWereShort() throws Exception {
        PrivateTraining site = PrivateTraining.open("site-1", budget(1, 2, 3), IMAGES, dir);
        site.spend(1, site.admit(1, 3), 1.0);
        site.spend(2, site.admit(2, 3), 1.0);
        assertThrows(RoundRefused.class, () -> site.admit(3, 1));
    }

    @Test
    void aDamagedLedgerStopsTheSite() throws IOException {
        java.nio.file.Files.writeString(dir.resolve(PrivacyLedger.FILE), "fedvae-dp-ledger 1\nround 0x1p-3");
        IOException e =
                assertThrows(IOException.class, () -> PrivateTraining.open("site-1", budget(1, 2, 3), IMAGES, dir));
        assertTrue(e.getMessage().contains(PrivacyLedger.FILE), e.getMessage());
    }
}
