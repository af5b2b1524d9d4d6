package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedvae.participant.privacy.DistributedDiscreteGaussian;

/**
 * What this site has spent of its client-level budget, in its state folder (file {@value #FILE}):
 * one line per client-level DP round it accepted (the distributed discrete Gaussian's sensitivities,
 * local variance, contributors and dimension, as hexadecimal doubles), ending with a CRC-32
 * ({@link ChecksummedLines}): a damaged file is refused rather than read as less spending. A round is
 * recorded when it is accepted, before training: an aborted round counts too (conservative).
 */
final class ClientDpLedger {

    static final String FILE = "client-dp-ledger";
    private static final String HEADER = "fedvae-client-dp-ledger 1";

    private final Path file;
    private final List<DistributedDiscreteGaussian> rounds = new ArrayList<>();

    private ClientDpLedger(Path file) {
        this.file = file;
    }

    /**
     * @param stateDir the site's state folder; null keeps the ledger in memory only (simulations, tests)
     * @throws IOException if the file exists but is damaged
     */
    static ClientDpLedger open(Path stateDir) throws IOException {
        ClientDpLedger ledger = new ClientDpLedger(stateDir == null ? null : stateDir.resolve(FILE));
        if (ledger.file != null) {
            ChecksummedLines.read(ledger.file, HEADER, "client-level budget", ledger::parse);
        }
        return ledger;
    }

    synchronized List<DistributedDiscreteGaussian> rounds() {
        return List.copyOf(rounds);
    }

    /** Adds a round's spending, on disk first. */
    synchronized void record(DistributedDiscreteGaussian round) throws IOException {
        List<DistributedDiscreteGaussian> next = new ArrayList<>(rounds);
        next.add(round);
        save(next);
        rounds.add(round);
    }

    private void save(List<DistributedDiscreteGaussian> list) throws IOException {
        if (file == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (DistributedDiscreteGaussian m : list) {
            // hexadecimal doubles: the exact values the accountant composed, no rounding
            lines.add("round " + Double.toHexString(m.l2Sensitivity()) + " " + Double.toHexString(m.l1Sensitivity())
                    + " " + Double.toHexString(m.localVariance()) + " " + m.contributors() + " " + m.dimension()
                    + " " + m.rounds());
        }
        ChecksummedLines.write(file, HEADER, lines);
    }

    private void parse(String[] f) {
        if (!f[0].equals("round") || f.length != 7) {
            throw new IllegalArgumentException("unknown line '" + String.join(" ", f) + "'");
        }
        rounds.add(new DistributedDiscreteGaussian(
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Integer.parseInt(f[4]),
                Integer.parseInt(f[5]),
                Long.parseLong(f[6])));
    }
}
