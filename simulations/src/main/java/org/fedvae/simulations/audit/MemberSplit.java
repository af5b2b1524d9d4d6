package org.fedvae.simulations.audit;

import java.util.Arrays;
import java.util.Random;
import org.fedvae.participant.data.ImageSet;

/**
 * The audit's known member set, its non-members and the calibrated attack's reference images:
 * disjoint draws from one training set (the same distribution), seeded. The federation trains on
 * the members only.
 *
 * @param members    the images the federation trains on
 * @param nonMembers images it never sees
 * @param reference  images neither scored nor trained on by the federation: the reference model's (may be empty)
 * @param all        members first, then non-members: what the attacks score
 */
record MemberSplit(ImageSet members, ImageSet nonMembers, ImageSet reference, ImageSet all) {

    static MemberSplit draw(ImageSet train, int memberCount, int nonMemberCount, int referenceCount, long seed) {
        if (memberCount < 1 || nonMemberCount < 1 || referenceCount < 0) {
            throw new IllegalArgumentException(
                    "need at least one member and one non-member, got " + memberCount + " and " + nonMemberCount);
        }
        long needed = (long) memberCount + nonMemberCount + referenceCount;
        if (needed > train.size()) {
            throw new IllegalArgumentException(memberCount + " members, " + nonMemberCount + " non-members and "
                    + referenceCount + " reference images need " + needed + " training images; the dataset has "
                    + train.size());
        }
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int scored = memberCount + nonMemberCount;
        return new MemberSplit(
                train.subset(Arrays.copyOfRange(order, 0, memberCount)),
                train.subset(Arrays.copyOfRange(order, memberCount, scored)),
                train.subset(Arrays.copyOfRange(order, scored, scored + referenceCount)),
                train.subset(Arrays.copyOfRange(order, 0, scored)));
    }
}
