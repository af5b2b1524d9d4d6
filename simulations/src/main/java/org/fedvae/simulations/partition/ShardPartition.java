package org.fedvae.simulations.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedvae.participant.data.ImageSet;

/**
 * McMahan et al.'s (2017) pathological non-IID split: sort by label, cut into
 * participants x K equal shards, give each site K random shards (so about K classes each).
 */
final class ShardPartition implements Partition {

    private final int shardsPerSite;

    ShardPartition(int shardsPerSite) {
        if (shardsPerSite < 1) {
            throw new IllegalArgumentException("K must be at least 1");
        }
        this.shardsPerSite = shardsPerSite;
    }

    @Override
    public String describe() {
        return "shards:" + shardsPerSite;
    }

    @Override
    public List<ImageSet> split(ImageSet data, int participants, Random rng) {
        Indices.checkParticipants(data, participants);
        int shards = participants * shardsPerSite;
        if (shards > data.size()) {
            throw new IllegalArgumentException(describe() + " with " + participants + " sites needs " + shards
                    + " shards but there are only " + data.size() + " images");
        }
        List<Integer> sorted = new ArrayList<>();
        Indices.byLabel(data, rng, describe()).forEach(sorted::addAll);
        int[] order = Indices.shuffled(shards, rng);
        List<List<Integer>> parts = new ArrayList<>();
        for (int p = 0; p < participants; p++) {
            List<Integer> part = new ArrayList<>();
            for (int k = 0; k < shardsPerSite; k++) {
                int s = order[p * shardsPerSite + k];
                part.addAll(sorted.subList(
                        (int) ((long) s * sorted.size() / shards), (int) ((long) (s + 1) * sorted.size() / shards)));
            }
            parts.add(part);
        }
        return Indices.views(data, parts);
    }
}
