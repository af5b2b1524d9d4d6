package org.fedvae.simulations.audit;

import org.fedvae.participant.data.ImageSet;
import org.fedvae.simulations.Progress;

/**
 * The loss attack calibrated by image difficulty (Watson et al., ICLR 2022): score = the
 * released model's ELBO of the image minus a reference model's, so an image that every model
 * fits well (a plain "1") no longer looks like a member; what remains is how much better the
 * released model fits it than a model that never saw it.
 */
final class CalibratedLossAttack implements MembershipAttack {

    private final LossAttack target;
    private final LossAttack reference;
    private final String referenceDescription;

    CalibratedLossAttack(LossAttack target, LossAttack reference, String referenceDescription) {
        this.target = target;
        this.reference = reference;
        this.referenceDescription = referenceDescription;
    }

    @Override
    public String name() {
        return "calibrated-loss";
    }

    @Override
    public String describe() {
        return "loss attack minus the same on a reference model (" + referenceDescription + ")";
    }

    @Override
    public double[] scores(ImageSet images, Progress progress) {
        double[] out = new double[images.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = target.score(images, i) - reference.score(images, i);
            progress.update(i + 1);
        }
        return out;
    }
}
