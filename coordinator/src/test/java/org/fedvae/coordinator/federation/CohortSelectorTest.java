package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CohortSelectorTest {

    private static List<String> ids(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(String.format("site-%03d", i));
        }
        return l;
    }

    @Test
    void sizeFollowsCountOrFractionNeverBelowTheMinimumNorAboveWhatIsConnected() {
        RoundPolicy byFraction = RoundPolicy.defaults(1, 3).with(new RoundPolicy.Cohort(3, 0, 0.25, 0));
        assertEquals(3, CohortSelector.cohortSize(byFraction, 8)); // ceil(2) raised to the minimum
        assertEquals(25, CohortSelector.cohortSize(byFraction, 100));
        RoundPolicy byCount = RoundPolicy.defaults(1, 3).with(new RoundPolicy.Cohort(3, 10, 1.0, 0));
        assertEquals(10, CohortSelector.cohortSize(byCount, 50));
        assertEquals(7, CohortSelector.cohortSize(byCount, 7));
        assertEquals(255, CohortSelector.cohortSize(RoundPolicy.defaults(1, 3), 400));
        RoundPolicy upTo1000 = RoundPolicy.defaults(1, 3).with(new RoundPolicy.Cohort(3, 0, 1.0, 0, 1_000));
        assertEquals(400, CohortSelector.cohortSize(upTo1000, 400));
        assertEquals(1_000, CohortSelector.cohortSize(upTo1000, 1_200));
    }

    @Test
    void selectionIsSeededSortedAndDrawnFromTheConnected() {
        RoundPolicy policy = RoundPolicy.defaults(1, 3)
                .with(new RoundPolicy.Cohort(3, 5, 1.0, 0))
                .with(RoundPolicy.Training.DEFAULT.withSeed(42));
        List<String> connected = ids(20);
        List<String> a = CohortSelector.select(policy, 3, connected);
        List<String> reversed = new ArrayList<>(connected);
        java.util.Collections.reverse(reversed);
        assertEquals(a, CohortSelector.select(policy, 3, reversed));
        assertEquals(5, new HashSet<>(a).size());
        assertTrue(connected.containsAll(a));
        List<String> sorted = new ArrayList<>(a);
        sorted.sort(null);
        assertEquals(sorted, a);
        Set<List<String>> seen = new HashSet<>();
        for (long round = 1; round <= 10; round++) {
            seen.add(CohortSelector.select(policy, round, connected));
        }
        assertTrue(seen.size() > 1, "every round picked the same cohort");
        assertNotEquals(a, CohortSelector.select(policy.with(policy.training().withSeed(43)), 3, connected));
    }

    @Test
    void everyoneIsPickedWhenTheFractionIsOne() {
        List<String> connected = ids(6);
        assertEquals(connected, CohortSelector.select(RoundPolicy.defaults(1, 3), 9, connected));
    }
}
