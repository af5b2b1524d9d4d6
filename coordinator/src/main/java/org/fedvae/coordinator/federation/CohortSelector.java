package org.fedvae.coordinator.federation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import org.fedvae.protocol.random.Seeds;

/**
 * Picks a round's cohort from the connected participants: a seeded shuffle of the ids in sorted
 * order, so the same seed, round and connected set give the same cohort on every run.
 */
final class CohortSelector {

    private CohortSelector() {}

    /**
     * How many to select from {@code connected}: the count, or the fraction, never below the minimum nor above the
     * largest cohort.
     */
    static int cohortSize(RoundPolicy policy, int connected) {
        int wanted = policy.cohort().size() > 0
                ? policy.cohort().size()
                : (int) Math.ceil(policy.cohort().fraction() * connected);
        wanted = Math.max(wanted, policy.cohort().minParticipants());
        return Math.min(Math.min(wanted, connected), policy.cohort().maxSize());
    }

    /** The cohort, sorted by id. */
    static List<String> select(RoundPolicy policy, long roundId, Collection<String> connected) {
        List<String> ids = new ArrayList<>(connected);
        ids.sort(null);
        Random rng = new Random(Seeds.mix(policy.training().seed(), roundId));
        // Partial Fisher-Yates: the first k positions end up a uniform random k-subset.
        int k = cohortSize(policy, ids.size());
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(ids.size() - i);
            String t = ids.get(i);
            ids.set(i, ids.get(j));
            ids.set(j, t);
        }
        List<String> cohort = new ArrayList<>(ids.subList(0, k));
        cohort.sort(null);
        return cohort;
    }
}
