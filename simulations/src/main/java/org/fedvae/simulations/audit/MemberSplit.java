package org.fedvae.simulations.audit;

import java.util.Arrays;
import java.util.Random;
import org.fedvae.participant.data.ImageSet;

/**
 * The audit's known member set and its non-members: disjoint draws from one training set (the
 * same distribution), seeded. The federation trains on the members only.
 *
 * @param members    the images the federation trains on
 * @param nonMembers images it never sees
 * @param all        members first, then non-members: what the attacks score
 */
record MemberSplit(ImageSet members, ImageSet nonMembers, ImageSet all) {

    static MemberSplit draw(ImageSet train, int memberCount, int nonMemberCount, long seed) {
        if (memberCount < 1 || nonMemberCount < 1) {
            throw new IllegalArgumentException(
                    "need at least one member and one non-member, got " + memberCount + " and " + nonMemberCount);
        }
        if ((long) memberCount + nonMemberCount > train.size()) {
            throw new IllegalArgumentException(memberCount + " members and " + nonMemberCount
                    + " non-members need " + ((long) memberCount + nonMemberCount)
                    + " training images; the dataset has " + train.size());
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
        int[] m = Arrays.copyOfRange(order, 0, memberCount);
        int[] n = Arrays.copyOfRange(order, memberCount, memberCount + nonMemberCount);
        int[] both = Arrays.copyOfRange(order, 0, memberCount + nonMemberCount);
        return new MemberSplit(train.subset(m), train.subset(n), train.subset(both));
    }
}
