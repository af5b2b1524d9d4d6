package org.fedvae.simulations.partition;

import java.util.List;
import java.util.Random;
import org.fedvae.participant.data.ImageSet;

/**
 * How a simulation deals one training set out to its participants. Every part is a view of the
 * shared images (nothing is copied), so a hundred simulated sites cost one dataset of memory.
 */
public interface Partition {

    /** The name as given on the command line, e.g. {@code dirichlet:0.5}. */
    String describe();

    /** Deals the images out to {@code participants} sites; every site gets at least one image. */
    List<ImageSet> split(ImageSet data, int participants, Random rng);

    /** Parses {@code iid}, {@code dirichlet:ALPHA} or {@code shards:K}. */
    static Partition parse(String spec) {
        String[] parts = spec.split(":", 2);
        try {
            return switch (parts[0]) {
                case "iid" -> {
                    if (parts.length != 1) {
                        throw new IllegalArgumentException("iid takes no parameter");
                    }
                    yield new IidPartition();
                }
                case "dirichlet" -> new DirichletPartition(Double.parseDouble(parameter(parts)));
                case "shards" -> new ShardPartition(Integer.parseInt(parameter(parts)));
                default -> throw new IllegalArgumentException("unknown partition");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid partition '" + spec + "' (" + e.getMessage()
                            + "); use iid, dirichlet:ALPHA (ALPHA > 0) or shards:K (K >= 1)",
                    e);
        }
    }

    private static String parameter(String[] parts) {
        if (parts.length != 2 || parts[1].isEmpty()) {
            throw new IllegalArgumentException("missing parameter");
        }
        return parts[1];
    }
}
