package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.fedvae.participant.privacy.DistributedDiscreteGaussian;
import org.fedvae.protocol.io.AtomicFiles;

/**
 * What this site has spent of its client-level budget, in its state folder (file {@value #FILE}):
 * one line per client-level DP round it accepted (the distributed discrete Gaussian's sensitivities,
 * local variance, contributors and dimension, as hexadecimal doubles), ending with a CRC-32 like
 * {@link PrivacyLedger}: a damaged file is refused rather than read as less spending. A round is
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
                            + "backup: without it this site would not know how much of its client-level budget it spent",
                    e);
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
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (DistributedDiscreteGaussian m : list) {
            b.append("round ")
                    .append(Double.toHexString(m.l2Sensitivity()))
                    .append(' ')
                    .append(Double.toHexString(m.l1Sensitivity()))
                    .append(' ')
                    .append(Double.toHexString(m.localVariance()))
                    .append(' ')
                    .append(m.contributors())
                    .append(' ')
                    .append(m.dimension())
                    .append(' ')
                    .append(m.rounds())
                    .append('\n');
        }
        String checksum = crc(b.toString()); // of the lines above it only
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
            if (!f[0].equals("round") || f.length != 7) {
                throw new IllegalArgumentException("unknown line '" + line + "'");
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

    private static String crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) c.getValue());
    }
}
