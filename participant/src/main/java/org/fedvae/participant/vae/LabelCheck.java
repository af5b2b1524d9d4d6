package org.fedvae.participant.vae;

import java.util.Optional;
import org.fedvae.participant.data.ImageSet;

/**
 * Whether a site's images can train or evaluate a conditional VAE over {@code classes} labels:
 * every image needs a label in [0, classes). Checked once per pass over a data set, so a batch
 * never meets a bad label.
 */
public final class LabelCheck {

    private LabelCheck() {}

    /** Why {@code images} cannot be used with a model of {@code classes} labels, or empty if they can. */
    public static Optional<String> problem(ImageSet images, int classes) {
        for (int i = 0; i < images.size(); i++) {
            int label = images.label(i);
            if (label == ImageSet.NO_LABEL) {
                return Optional.of("image " + i + " has no label, and the conditional VAE (" + classes
                        + " classes) trains on labelled images only (an image folder labels its images by sub-folder)");
            }
            if (label < 0 || label >= classes) {
                return Optional.of("image " + i + " has label " + label + ", a class the model does not know: it has "
                        + classes + " classes, 0 to " + (classes - 1)
                        + " (an image folder's classes are its sub-folders in sorted name order)");
            }
        }
        return Optional.empty();
    }

    /** Throws IllegalArgumentException with {@link #problem}'s reason when there is one. */
    public static void require(ImageSet images, int classes) {
        problem(images, classes).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    /** Throws IllegalArgumentException unless every one of {@code labels} is in [0, classes). */
    static void requireRange(int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " is not a class of this model (0 to " + (classes - 1) + ")");
            }
        }
    }
}
