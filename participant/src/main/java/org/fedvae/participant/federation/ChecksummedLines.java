package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.fedvae.protocol.io.AtomicFiles;

/**
 * The file format of a site's budget ledgers: a header line, record lines, and a last line
 * {@code crc32 <hex>} over everything above it. Written atomically; a truncated or edited file is
 * refused (and left as it is) rather than read as less spending than there was.
 */
final class ChecksummedLines {

    private ChecksummedLines() {}

    /**
     * The record lines of {@code file} (empty if there is no file yet), each handed to {@code
     * parser}, which throws a RuntimeException for a line it does not know.
     *
     * @param budget what the file accounts for, for the message ("privacy budget")
     * @throws IOException if the file is damaged: the site must not start on it
     */
    static void read(Path file, String header, String budget, Consumer<String[]> parser) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException fresh) {
            return;
        }
        try {
            for (String line : body(text, header)) {
                parser.accept(line.split(" "));
            }
        } catch (RuntimeException e) {
            throw new IOException(
                    file + " is damaged (" + e.getMessage() + "); it is left as it is. Restore it from a "
                            + "backup: without it this site would not know how much of its " + budget + " it spent",
                    e);
        }
    }

    /** Replaces {@code file} with the header, {@code lines} and their checksum. */
    static void write(Path file, String header, List<String> lines) throws IOException {
        StringBuilder b = new StringBuilder(header).append('\n');
        for (String line : lines) {
            b.append(line).append('\n');
        }
        String checksum = crc(b.toString()); // of the lines above it only
        b.append("crc32 ").append(checksum).append('\n');
        AtomicFiles.writeString(file, b.toString());
    }

    private static List<String> body(String text, String header) {
        int end = text.lastIndexOf("crc32 ");
        if (!text.startsWith(header + "\n") || end < 0 || !text.endsWith("\n")) {
            throw new IllegalArgumentException("no header or no checksum line: truncated?");
        }
        String body = text.substring(0, end);
        if (!text.substring(end + 6).trim().equals(crc(body))) {
            throw new IllegalArgumentException("the checksum does not match its content");
        }
        List<String> lines = new ArrayList<>();
        for (String line : body.substring(header.length() + 1).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) c.getValue());
    }
}
