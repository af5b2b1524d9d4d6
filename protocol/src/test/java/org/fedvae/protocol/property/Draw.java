package org.fedvae.protocol.property;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generation of one property case's inputs. In {@link PropertyCase.Mode#RANDOM} ints lean to the low end of
 * their ranges (see {@link #lowBiased}), other values are uniform. In MIN and MAX every value sits at that end of its
 * range (longs at Long.MIN_VALUE and MAX_VALUE, byte strings empty or full length of 0xff). In EDGES each value is
 * independently one of its edge values: min, min + 1, max - 1, max; for longs also 0, 1, -1; bytes 0, 1, -1, -128, 127.
 */
public final class Draw {

    private static final long[] LONG_EDGES = {
        0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1
    };
    private static final byte[] BYTE_EDGES = {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE};

    private final PropertyCase.Mode mode;
    private final SplittableRandom random;

    Draw(PropertyCase.Mode mode, long seed) {
        this.mode = mode;
        this.random = new SplittableRandom(seed);
    }

    /** An int in [min, max]. */
    public int between(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
        return switch (mode) {
            case MIN -> min;
            case MAX -> max;
            case EDGES ->
                switch (random.nextInt(4)) {
                    case 0 -> min;
                    case 1 -> Math.min(min + 1, max);
                    case 2 -> Math.max(max - 1, min);
                    default -> max;
                };
            case RANDOM -> lowBiased(min, max);
        };
    }

    /**
     * Small values more often, as the usual property-testing generators do: the range is cut at min + r/3, min + r/9,
     * ... while the remaining part is wider than 20, a part is picked uniformly, then a value uniformly within it.
     */
    private int lowBiased(int min, int max) {
        List<Long> cuts = new ArrayList<>(List.of((long) min));
        for (long width = (long) max - min; width > 20; width /= 3) {
            cuts.add(1, min + width / 3);
        }
        cuts.add((long) max);
        int part = random.nextInt(cuts.size() - 1);
        long lo = cuts.get(part);
        return (int) (lo + random.nextLong(cuts.get(part + 1) - lo + 1));
    }

    /** Any long; also the seed of a case's own java.util.Random. */
    public long anyLong() {
        return switch (mode) {
            case MIN -> Long.MIN_VALUE;
            case MAX -> Long.MAX_VALUE;
            case EDGES -> LONG_EDGES[random.nextInt(LONG_EDGES.length)];
            case RANDOM -> random.nextLong();
        };
    }

    public boolean bool() {
        return switch (mode) {
            case MIN -> false;
            case MAX -> true;
            case EDGES, RANDOM -> random.nextBoolean();
        };
    }

    /** One of the values; the first and the last are its edges. */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[between(0, values.length - 1)];
    }

    /** Between 0 and maxSize bytes: random bytes of a low-leaning length in RANDOM, else edge lengths of edge bytes. */
    public byte[] bytes(int maxSize) {
        byte[] b = new byte[between(0, maxSize)];
        if (mode == PropertyCase.Mode.RANDOM) {
            random.nextBytes(b);
        } else {
            for (int i = 0; i < b.length; i++) {
                // MIN never gets here (length 0); MAX fills with 0xff.
                b[i] = mode == PropertyCase.Mode.MAX ? (byte) -1 : BYTE_EDGES[random.nextInt(BYTE_EDGES.length)];
            }
        }
        return b;
    }
}
