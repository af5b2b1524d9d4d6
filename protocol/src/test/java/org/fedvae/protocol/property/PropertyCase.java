package org.fedvae.protocol.property;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;

/**
 * One case of a property test: a {@link Mode} and the seed from which {@link #draw()} regenerates all of the case's
 * inputs. Used as the single argument of a {@code @ParameterizedTest(name = "{0}")} fed by {@link #cases}, so the
 * display name names the seed, and {@link #check} puts it in every failure message.
 *
 * <p>The cases of a property are the same on every run (a fixed master seed per property name), so CI is repeatable.
 * {@code -Dfedvae.replay=MODE:SEED} runs only that case; {@code -Dfedvae.properties.run=N} (N != 0) derives other
 * seeds, for a longer exploration with different inputs.
 */
public record PropertyCase(int index, Mode mode, long seed) {

    /** How {@link Draw} picks values: all at the low edge, all at the high edge, edge values mixed, or uniformly. */
    public enum Mode {
        MIN,
        MAX,
        EDGES,
        RANDOM
    }

    /**
     * {@code tries} cases for the property {@code name}: one at every minimum, one at every maximum, a tenth of the rest
     * (at least one) mixing edge values, then uniformly random ones. Like a generator that tries edge cases first.
     */
    public static Stream<PropertyCase> cases(String name, int tries) {
        String replay = System.getProperty("fedvae.replay", "");
        if (!replay.isBlank()) {
            String[] f = replay.split(":", 2);
            return Stream.of(new PropertyCase(0, Mode.valueOf(f[0].trim()), Long.parseLong(f[1].trim())));
        }
        if (tries < 3) {
            throw new IllegalArgumentException(
                    "a property needs at least 3 tries (two edges, one random), got " + tries);
        }
        long run = Long.getLong("fedvae.properties.run", 0L);
        SplittableRandom master = new SplittableRandom(name.hashCode() * 0x9E3779B97F4A7C15L + run);
        int edges = Math.max(1, (tries - 2) / 10);
        List<PropertyCase> out = new ArrayList<>(tries);
        for (int i = 0; i < tries; i++) {
            Mode mode = i == 0 ? Mode.MIN : i == 1 ? Mode.MAX : i < 2 + edges ? Mode.EDGES : Mode.RANDOM;
            out.add(new PropertyCase(i, mode, master.nextLong()));
        }
        return out.stream();
    }

    /** A fresh generator for this case: the same values, in the same order, on every call. */
    public Draw draw() {
        return new Draw(mode, seed);
    }

    /** Runs the property body; any failure is rethrown with this case and how to rerun it alone in front of its message. */
    public void check(Executable body) {
        try {
            body.execute();
        } catch (Throwable t) {
            throw new AssertionError(
                    this + " (rerun only this case: -Dfedvae.replay=" + mode + ":" + seed + "): " + t.getMessage(), t);
        }
    }

    @Override
    public String toString() {
        return "#" + index + " " + mode + " seed=" + seed;
    }
}
