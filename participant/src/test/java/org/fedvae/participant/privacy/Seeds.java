package org.fedvae.participant.privacy;

import java.util.Random;

/** Property cases' randomness: one seeded {@link Random} per case, printed in its failure message. */
final class Seeds {

    private Seeds() {}

    /** java.util.Random's first draws from consecutive seeds are nearly equal: spread the seed first. */
    static Random random(long seed) {
        return new Random(seed * 0x9E3779B97F4A7C15L);
    }
}
