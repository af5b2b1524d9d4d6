package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fedvae.participant.privacy.ClientDpCalibration;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.junit.jupiter.api.Test;

class ClipReportTest {

    private static final DdpParameters CLIP_TWO = ClientDpCalibration.plan(4, 2.0, 7, 10, 1, 1e-5, 10.0);

    @Test
    void plainRoundsCountClippedCoordinates() {
        assertEquals("3 coordinates clipped", ClipReport.describe(new float[] {1, 2}, null, 3));
    }

    @Test
    void dpRoundsGiveTheDeltaNormAgainstTheClip() {
        // 3-4-0-0: norm 5, above the clip of 2.
        assertEquals(
                "delta L2 norm 5.000, scaled down to the client-level clip 2.000",
                ClipReport.describe(new float[] {3, 4, 0, 0}, CLIP_TWO, 1));
        assertEquals(
                "delta L2 norm 1.000, within the client-level clip 2.000",
                ClipReport.describe(new float[] {0, 0, 1, 0}, CLIP_TWO, 0));
    }
}
