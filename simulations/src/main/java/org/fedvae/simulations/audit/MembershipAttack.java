package org.fedvae.simulations.audit;

import org.fedvae.participant.data.ImageSet;
import org.fedvae.simulations.Progress;

/** An attack on a released model: one score per image, higher meaning "more likely a member". */
interface MembershipAttack {

    /** Short name, used as a JSON key and in the plot's legend. */
    String name();

    /** What the attack was run with, e.g. its number of samples (for the summary). */
    String describe();

    /** Scores every image of {@code images}, reporting each finished image to {@code progress}. */
    double[] scores(ImageSet images, Progress progress);

    /** An attack that scores one image at a time. */
    interface PerImage extends MembershipAttack {

        /** The score of image {@code i} of {@code images}. */
        double score(ImageSet images, int i);

        @Override
        default double[] scores(ImageSet images, Progress progress) {
            double[] out = new double[images.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = score(images, i);
                progress.update(i + 1);
            }
            return out;
        }
    }
}
