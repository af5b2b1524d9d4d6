package org.fedvae.simulations.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedvae.participant.data.ImageSet;

/** Index helpers shared by the partitions. */
final class Indices {

    private Indices() {}

    static int[] shuffled(int n, Random rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    /** Positions of each label 0..max, in a seeded random order; fails clearly on unlabelled data. */
    static List<List<Integer>> byLabel(ImageSet data, Random rng, String partition) {
        List<List<Integer>> classes = new ArrayList<>();
        for (int i : shuffled(data.size(), rng)) {
            int label = data.label(i);
            if (label < 0) {
                throw new IllegalArgumentException(
                        partition + " needs labelled images; this dataset has none (use iid)");
            }
            while (classes.size() <= label) {
                classes.add(new ArrayList<>());
            }
            classes.get(label).add(i);
        }
        return classes;
    }

    static void checkParticipants(ImageSet data, int participants) {
        if (participants < 1) {
            throw new IllegalArgumentException("need at least one participant, got " + participants);
        }
        if (participants > data.size()) {
            throw new IllegalArgumentException(participants + " participants but only " + data.size() + " images");
        }
    }

    static List<ImageSet> views(ImageSet data, List<List<Integer>> parts) {
        List<ImageSet> out = new ArrayList<>();
        for (List<Integer> p : parts) {
            out.add(data.subset(p.stream().mapToInt(Integer::intValue).toArray()));
        }
        return out;
    }
}
