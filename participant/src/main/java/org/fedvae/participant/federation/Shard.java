package org.fedvae.participant.federation;

import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.data.LocalData;

/**
 * For demos on one dataset: part {@code index} of {@code count} (1-based), every count-th image
 * starting at index - 1, of the training and of the test images alike.
 */
public record Shard(int index, int count) {

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException(
                    "shard " + index + "/" + count + " does not exist: use i/n with 1 <= i <= n");
        }
    }

    /** Parses "i/n". */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("shard '" + text + "' is not i/n (e.g. 2/5)");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard '" + text + "' is not i/n (e.g. 2/5)");
        }
    }

    public ImageSet of(ImageSet all) {
        int n = (all.size() - (index - 1) + count - 1) / count;
        int[] positions = new int[Math.max(n, 0)];
        for (int k = 0; k < positions.length; k++) {
            positions[k] = index - 1 + k * count;
        }
        return all.subset(positions);
    }

    public LocalData of(LocalData data) {
        return new LocalData(of(data.train()), of(data.test()), data.description() + ", shard " + index + "/" + count);
    }
}
