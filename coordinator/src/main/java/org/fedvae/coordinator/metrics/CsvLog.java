package org.fedvae.coordinator.metrics;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * A CSV file written one row at a time and flushed after each, so a crash loses at most the row
 * being written. Opening an existing file with the same header appends (a resumed run); a
 * different header is refused rather than mixing two layouts in one file.
 */
public final class CsvLog implements Closeable {

    private final List<String> columns;
    private final BufferedWriter out;

    public CsvLog(Path file, List<String> columns) throws IOException {
        this.columns = List.copyOf(columns);
        String header = String.join(",", columns);
        boolean exists = Files.exists(file) && Files.size(file) > 0;
        if (exists) {
            String first;
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                first = r.readLine();
            }
            if (!header.equals(first)) {
                throw new IOException(file + ": has columns '" + first + "', expected '" + header + "'");
            }
        } else if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        this.out = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (!exists) {
            out.write(header);
            out.newLine();
            out.flush();
        }
    }

    /** Writes one row; values are formatted with {@link #format}, in column order. */
    public void row(Object... values) throws IOException {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(
                    "row has " + values.length + " values for " + columns.size() + " columns " + columns);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(format(values[i]));
        }
        out.write(sb.toString());
        out.newLine();
        out.flush();
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
        }
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
