package org.fedvae.simulations.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedvae.participant.data.ImageSet;

/**
 * Label skew after Hsu et al. (2019): for each class, the share each site gets is drawn from a
 * symmetric Dirichlet(alpha); small alpha gives sites few classes. A draw that leaves a site
 * with no image is redrawn (bounded), as is common practice.
 */
final class DirichletPartition implements Partition {

    private static final int MAX_DRAWS = 1000;
    private final double alpha;

    DirichletPartition(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a positive number");
        }
        this.alpha = alpha;
    }

    @Override
    public String describe() {
        return "dirichlet:" + alpha;
    }

    @Override
    public List<ImageSet> split(ImageSet data, int participants, Random rng) {
        Indices.checkParticipants(data, participants);
        List<List<Integer>> classes = Indices.byLabel(data, rng, describe());
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            List<List<Integer>> parts = new ArrayList<>();
            for (int p = 0; p < participants; p++) {
                parts.add(new ArrayList<>());
            }
            for (List<Integer> members : classes) {
                double[] share = dirichlet(participants, rng);
                int start = 0;
                double cumulative = 0;
                for (int p = 0; p < participants; p++) {
                    cumulative += share[p];
                    int end = p == participants - 1 ? members.size() : (int) Math.round(cumulative * members.size());
                    parts.get(p).addAll(members.subList(start, Math.max(start, end)));
                    start = Math.max(start, end);
                }
            }
            if (parts.stream().noneMatch(List::isEmpty)) {
                return Indices.views(data, parts);
            }
        }
        throw new IllegalArgumentException("could not give every one of " + participants + " sites an image with "
                + describe() + " in " + MAX_DRAWS + " draws; use a larger alpha or fewer participants");
    }

    private double[] dirichlet(int k, Random rng) {
        double[] x = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            x[i] = Gamma.sample(alpha, rng);
            sum += x[i];
        }
        for (int i = 0; i < k; i++) {
            x[i] = sum > 0 ? x[i] / sum : 1.0 / k;
        }
        return x;
    }
}
