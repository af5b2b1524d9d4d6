package org.fedvae.simulations.audit;

import org.fedvae.participant.data.ImageSet;

/**
 * The loss attack calibrated by image difficulty (Watson et al., ICLR 2022): score = the
 * released model's ELBO of the image minus a reference model's, so an image that every model
 * fits well (a plain "1") no longer looks like a member; what remains is how much better the
 * released model fits it than a model that never saw it.
 */
final class CalibratedLossAttack implements MembershipAttack.PerImage {

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
    public double score(ImageSet images, int i) {
        return target.score(images, i) - reference.score(images, i);
    }
}
