package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Whole rounds through both state machines, honest coordinator. */
class SecAggRoundTest {

    @Test
    void roundWithoutDropoutsYieldsTheExactSum() {
        Cohort c = Cohort.create(1, 7, 5, 4, 33).withRandomInputs();
        SecAggCoordinator coordinator = new SecAggCoordinator(c.config);
        InMemoryRound.Result r = c.run(coordinator, Map.of(), false);
        assertEquals(SecAggStage.COMPLETED, r.coordinatorStage(), () -> coordinator
                .abortReason()
                .toString());
        assertArrayEquals(c.sumOf(c.ids()), coordinator.unmaskedSum().orElseThrow());
        assertEquals(new TreeSet<>(c.ids()), coordinator.survivors().orElseThrow());
        assertTrue(r.rejections().isEmpty(), r.rejections()::toString);
        r.participantStages().values().forEach(s -> assertEquals(SecAggStage.COMPLETED, s));
    }

    @Test
    void everythingAParticipantSendsStaysWithinOnePercentOfTheRawVector() {
        int params = 1 << 18;
        Cohort c = Cohort.create(3, 9, 30, RoundConfig.defaultThreshold(30), params)
                .withRandomInputs();
        SecAggCoordinator coordinator = new SecAggCoordinator(c.config);
        InMemoryRound.Result r = c.run(coordinator, Map.of(), false);
        assertEquals(SecAggStage.COMPLETED, r.coordinatorStage());
        for (long bytes : r.bytesUp().values()) {
            double expansion = bytes / (4.0 * params);
            assertTrue(expansion > 1.0 && expansion <= 1.01, "expansion " + expansion);
        }
    }

    @Test
    void dropoutBeforeMaskedInputIsRecoveredFromItsMaskKeyShares() {
        Cohort c = Cohort.create(2, 8, 7, 5, 20).withRandomInputs();
        List<Integer> ids = c.ids();
        SecAggCoordinator coordinator = new SecAggCoordinator(c.config);
        c.run(coordinator, Map.of(ids.get(1), SecAggStage.MASKED_INPUT, ids.get(4), SecAggStage.MASKED_INPUT), false);
        assertEquals(SecAggStage.COMPLETED, coordinator.stage(), () -> coordinator
                .abortReason()
                .toString());
        TreeSet<Integer> survivors = new TreeSet<>(ids);
        survivors.remove(ids.get(1));
        survivors.remove(ids.get(4));
        assertEquals(survivors, coordinator.survivors().orElseThrow());
        assertArrayEquals(c.sumOf(survivors), coordinator.unmaskedSum().orElseThrow());
    }
}
