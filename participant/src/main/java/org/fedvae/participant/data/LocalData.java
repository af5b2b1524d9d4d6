package org.fedvae.participant.data;

/** A site's training and test images. */
public record LocalData(ImageSet train, ImageSet test, String description) {}
