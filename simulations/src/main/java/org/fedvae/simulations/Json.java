package org.fedvae.simulations;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The run folders' config.json and summary.json and the fuzz report line, written by Jackson in insertion order. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** An empty object to fill with ObjectNode's put (and set for a nested object). */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Indented, {@code "key": value} per line, with a final newline: for files. */
    public static String pretty(ObjectNode o) {
        return write(
                        o,
                        new DefaultPrettyPrinter(Separators.createDefaultInstance()
                                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)))
                + "\n";
    }

    /** One line: for a report on stdout. */
    public static String line(ObjectNode o) {
        return write(o, null);
    }

    private static String write(ObjectNode o, DefaultPrettyPrinter pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new FiniteNumbers(MAPPER.createGenerator(out))) {
            g.setPrettyPrinter(pretty);
            MAPPER.writeTree(g, o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** JSON has no NaN or infinity; Jackson would write them as strings, a loss that was never computed reads best as null. */
    private static final class FiniteNumbers extends JsonGeneratorDelegate {

        FiniteNumbers(JsonGenerator g) {
            super(g, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }
    }
}
