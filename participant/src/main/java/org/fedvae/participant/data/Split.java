package org.fedvae.participant.data;

/** The training or the test part of a dataset. */
public enum Split {
    TRAIN("train"),
    TEST("t10k");

    /** The IDX file prefix, as MNIST names its files. */
    final String idxPrefix;

    Split(String idxPrefix) {
        this.idxPrefix = idxPrefix;
    }
}
