package org.fedvae.simulations.e2e;

import org.fedvae.participant.data.DatasetException;
import org.fedvae.participant.data.Datasets;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.data.LocalData;

/** Small disjoint slices of the bundled MNIST for test sites: loaded once per test JVM. */
final class TestData {

    private static LocalData mnist;

    private TestData() {}

    static synchronized LocalData mnist() {
        if (mnist == null) {
            try {
                mnist = Datasets.load("mnist");
            } catch (DatasetException e) {
                throw new IllegalStateException(e);
            }
        }
        return mnist;
    }

    /** Site {@code site}'s {@code count} training images, disjoint from every other site's. */
    static ImageSet train(int site, int count) {
        return slice(mnist().train(), site, count);
    }

    static ImageSet test(int site, int count) {
        return slice(mnist().test(), site, count);
    }

    private static ImageSet slice(ImageSet all, int site, int count) {
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = site * count + i;
        }
        return all.subset(positions);
    }
}
