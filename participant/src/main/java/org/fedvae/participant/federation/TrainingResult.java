package org.fedvae.participant.federation;

/**
 * What local training produced: the delta from the global model, the sample count, and the
 * global model's loss on the local test set (measured before training).
 */
record TrainingResult(float[] delta, int weight, double testLoss, int testSamples, double trainLoss) {}
