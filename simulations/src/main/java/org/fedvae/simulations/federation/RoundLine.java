package org.fedvae.simulations.federation;

import java.util.Locale;
import org.fedvae.coordinator.federation.RoundMetrics;

/**
 * The one console line per round, for people: a counter with a bar, both losses named for what
 * they measure, how many sites made it, and the time.
 */
final class RoundLine {

    private static final int BAR = 12;

    private RoundLine() {}

    /** @param label null for the federation's own rounds, else the name of the extra run (the comparison) */
    static String of(String label, RoundMetrics m, int rounds, double centralLoss) {
        StringBuilder b = new StringBuilder();
        int width = String.valueOf(rounds).length();
        b.append(String.format(Locale.ROOT, "round %" + width + "d/%d ", m.roundId(), rounds));
        int filled = (int) Math.min(BAR, BAR * m.roundId() / Math.max(1, rounds));
        b.append('[')
                .append("#".repeat(filled))
                .append(".".repeat(BAR - filled))
                .append("] ");
        if (label != null) {
            b.append(label).append(": ");
        }
        if (m.completed()) {
            b.append(String.format(
                    Locale.ROOT,
                    "test loss of the new model %.2f; loss of the round's starting model measured at the sites %.2f",
                    centralLoss,
                    m.testLoss()));
        } else {
            b.append("ABORTED (").append(m.abortReason().orElse("?")).append(')');
        }
        b.append(String.format(
                Locale.ROOT,
                "; %d of %d sites; %.1f s",
                m.survivors().size(),
                m.cohort().size(),
                m.seconds()));
        return b.toString();
    }
}
