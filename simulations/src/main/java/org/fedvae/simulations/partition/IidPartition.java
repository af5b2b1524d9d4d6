package org.fedvae.simulations.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedvae.participant.data.ImageSet;

/** A seeded shuffle cut into near-equal parts (sizes differ by at most one). */
final class IidPartition implements Partition {

    @Override
    public String describe() {
        return "iid";
    }

    @Override
    public List<ImageSet> split(ImageSet data, int participants, Random rng) {
        Indices.checkParticipants(data, participants);
        int[] idx = Indices.shuffled(data.size(), rng);
        List<List<Integer>> parts = new ArrayList<>();
        for (int p = 0; p < participants; p++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < idx.length; i++) {
            parts.get(i % participants).add(idx[i]);
        }
        return Indices.views(data, parts);
    }
}
