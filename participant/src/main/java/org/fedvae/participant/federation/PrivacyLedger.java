package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.fedvae.participant.privacy.Mechanism;
import org.fedvae.protocol.io.AtomicFiles;

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
        if (ledger.file == null) {
            return ledger;
        }
        String text;
        try {
            text = Files.readString(ledger.file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException fresh) {
            return ledger;
        }
        try {
            ledger.parse(text);
        } catch (RuntimeException e) {
            throw new IOException(
                    ledger.file + " is damaged (" + e.getMessage() + "); it is left as it is. Restore it from a "
                            + "backup: without it this site would not know how much of its privacy budget it spent",
                    e);
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
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        if (epochs != null) {
            b.append("calibrated-epochs-per-round ").append(epochs).append('\n');
        }
        for (Mechanism m : list) {
            // hexadecimal doubles: the exact values the accountant composed, no rounding
            b.append(String.format(
                    Locale.ROOT,
                    "round %s %s %d%n",
                    Double.toHexString(m.samplingRate()),
                    Double.toHexString(m.noiseMultiplier()),
                    m.steps()));
        }
        String checksum = crc(b.toString());
        b.append("crc32 ").append(checksum).append('\n');
        AtomicFiles.writeString(file, b.toString());
    }

    private void parse(String text) {
        int end = text.lastIndexOf("crc32 ");
        if (!text.startsWith(HEADER + "\n") || end < 0 || !text.endsWith("\n")) {
            throw new IllegalArgumentException("no header or no checksum line: truncated?");
        }
        String body = text.substring(0, end);
        if (!text.substring(end + 6).trim().equals(crc(body))) {
            throw new IllegalArgumentException("the checksum does not match its content");
        }
        for (String line : body.substring(HEADER.length() + 1).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            if (f[0].equals("calibrated-epochs-per-round") && f.length == 2) {
                calibratedEpochs = Integer.parseInt(f[1]);
            } else if (f[0].equals("round") && f.length == 4) {
                rounds.add(new Mechanism(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3])));
            } else {
                throw new IllegalArgumentException("unknown line '" + line + "'");
            }
        }
    }

    private static String crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) c.getValue());
    }
}
