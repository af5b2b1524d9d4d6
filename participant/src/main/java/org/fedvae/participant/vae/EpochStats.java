package org.fedvae.participant.vae;

/**
 * What one training epoch did: the mean over images of the per-image loss (BCE + beta * KL, in
 * nats), each image's loss taken on the forward pass just before the step it contributed to;
 * the number of images and of optimizer steps.
 */
public record EpochStats(double meanLoss, int images, int batches) {}
