package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedvae.participant.privacy.Mechanism;

/**
 * What this site has spent of its privacy budget, in its state folder (file {@value #FILE}): one
 * line per round trained with DP-SGD (sampling rate, noise multiplier, steps: what the accountant
 * composes) and the epochs per round the noise was calibrated for, once fixed. Replaced
 * atomically after each round, before the update leaves the site; ends with a CRC-32 of the lines
 * above it, so a truncated or edited file is refused (and left as it is) instead of read as less
 * spending than there was. Deleting it would let the site spend its budget a second time.
 */
final class PrivacyLedger {

    static final String FILE = "dp-ledger";
    private static final String HEADER = "fedvae-dp-ledger 1";

    private final Path file;
    private Integer calibratedEpochs;
    private final List<Mechanism> rounds = new ArrayList<>();

    private PrivacyLedger(Path file) {
        this.file = file;
    }

    /**
     * @param stateDir the site's state folder; null keeps the ledger in memory only (simulations, tests)
     * @throws IOException if the file exists but is damaged: the site must not start on it
     */
    static PrivacyLedger open(Path stateDir) throws IOException {
        PrivacyLedger ledger = new PrivacyLedger(stateDir == null ? null : stateDir.resolve(FILE));
        if (ledger.file != null) {
            ChecksummedLines.read(ledger.file, HEADER, "privacy budget", ledger::parse);
        }
        return ledger;
    }

    synchronized List<Mechanism> rounds() {
        return List.copyOf(rounds);
    }

    /** The epochs per round the noise is calibrated for, once recorded; null before. */
    synchronized Integer calibratedEpochs() {
        return calibratedEpochs;
    }

    /** Fixes the epochs per round the noise is calibrated for; only once. */
    synchronized void recordCalibratedEpochs(int epochs) throws IOException {
        if (calibratedEpochs != null) {
            throw new IllegalStateException("the calibration is already fixed at " + calibratedEpochs + " epochs");
        }
        save(epochs, rounds);
        calibratedEpochs = epochs;
    }

    /** Adds a round's spending, on disk first. */
    synchronized void recordRound(Mechanism spent) throws IOException {
        List<Mechanism> next = new ArrayList<>(rounds);
        next.add(spent);
        save(calibratedEpochs, next);
        rounds.add(spent);
    }

    private void save(Integer epochs, List<Mechanism> list) throws IOException {
        if (file == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        if (epochs != null) {
            lines.add("calibrated-epochs-per-round " + epochs);
        }
        for (Mechanism m : list) {
            // hexadecimal doubles: the exact values the accountant composed, no rounding
            lines.add(String.format(
                    Locale.ROOT,
                    "round %s %s %d",
                    Double.toHexString(m.samplingRate()),
                    Double.toHexString(m.noiseMultiplier()),
                    m.steps()));
        }
        ChecksummedLines.write(file, HEADER, lines);
    }

    private void parse(String[] f) {
        if (f[0].equals("calibrated-epochs-per-round") && f.length == 2) {
            calibratedEpochs = Integer.parseInt(f[1]);
        } else if (f[0].equals("round") && f.length == 4) {
            rounds.add(new Mechanism(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3])));
        } else {
            throw new IllegalArgumentException("unknown line '" + String.join(" ", f) + "'");
        }
    }
}
