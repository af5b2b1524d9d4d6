package org.fedvae.simulations.federation;

import java.util.Optional;
import java.util.SplittableRandom;
import org.fedvae.protocol.random.Seeds;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * Which site crashes in which round, and at which stage: decided from the seed alone, so a rerun
 * with the same seed injects the same faults. A site drops in a round with probability
 * {@code dropout}, at a stage drawn uniformly from the four stages a participant enters (when it
 * enters that stage, having sent all it had to send before it). UNMASKING is not one of them: a
 * participant answers the unmasking request at once, so a drop planned there would never happen.
 */
final class FaultPlan {

    private static final SecAggStage[] STAGES = {
        SecAggStage.ADVERTISE_KEYS, SecAggStage.SHARE_KEYS, SecAggStage.MASKED_INPUT, SecAggStage.CONSISTENCY_CHECK
    };

    private final double dropout;
    private final long seed;

    FaultPlan(double dropout, long seed) {
        this.dropout = dropout;
        this.seed = seed;
    }

    /** The stage at which {@code site} crashes in {@code round}, if it does. */
    Optional<SecAggStage> dropStage(int site, long round) {
        if (dropout <= 0) {
            return Optional.empty();
        }
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, round, site));
        if (r.nextDouble() >= dropout) {
            return Optional.empty();
        }
        return Optional.of(STAGES[r.nextInt(STAGES.length)]);
    }
}
