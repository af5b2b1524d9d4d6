package org.fedvae.simulations;

import java.io.PrintStream;

/**
 * A progress display for long work on stderr: redrawn in place on a terminal, and on a pipe or
 * log one line per tenth of the work, so logs stay readable.
 */
public final class Progress {

    private final PrintStream out;
    private final String label;
    private long total;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private int lastTenth = -1;
    private long lastDrawNanos;

    public Progress(String label, long total) {
        this(System.err, label, total, System.console() != null);
    }

    Progress(PrintStream out, String label, long total, boolean interactive) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.interactive = interactive;
    }

    /** Reports that {@code done} of {@code newTotal} units are finished. */
    public void update(long done, long newTotal) {
        total = Math.max(1, newTotal);
        update(done);
    }

    /** Reports that {@code done} of the total units are finished. */
    public void update(long done) {
        long now = System.nanoTime();
        int tenth = (int) (10 * done / total);
        if (interactive) {
            if (now - lastDrawNanos > 100_000_000L || done >= total) {
                lastDrawNanos = now;
                int width = 30;
                int filled = (int) (width * done / total);
                out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/"
                        + total + eta(done, now) + "   ");
                if (done >= total) {
                    out.println();
                }
                out.flush();
            }
        } else if (tenth != lastTenth) {
            lastTenth = tenth;
            out.println(label + " " + (100 * done / total) + "% (" + done + "/" + total + ")" + eta(done, now));
        }
    }

    private String eta(long done, long now) {
        if (done == 0 || done >= total) {
            return "";
        }
        double perUnit = (now - startNanos) / 1e9 / done;
        return String.format(" eta %.0fs", perUnit * (total - done));
    }
}
