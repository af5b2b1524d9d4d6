package org.fedvae.participant.vae;

/** Told after each optimizer step of an epoch, on the training thread; keep it cheap. */
@FunctionalInterface
public interface TrainingProgress {

    TrainingProgress NONE = (done, total) -> {};

    void batchDone(int batchesDone, int totalBatches);
}
