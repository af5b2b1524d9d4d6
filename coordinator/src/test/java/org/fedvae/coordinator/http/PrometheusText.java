package org.fedvae.coordinator.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format, version 0.0.4
 * (prometheus.io/docs/instrumenting/exposition_formats), for tests: no Java artifact on Maven
 * Central parses the format (the official libraries only write it). Anything the format does not
 * allow is an {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {

    public record Sample(String name, Map<String, String> labels, double value) {}

    /** One metric family: its TYPE ("untyped" if none was given), HELP (null if none) and samples. */
    public record Family(String name, String type, String help, List<Sample> samples) {}

    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> seriesSeen = new HashSet<>();
    private final Set<String> typeGiven = new HashSet<>();
    private final Set<String> closed = new HashSet<>();
    private String open;
    private int lineNo;

    private PrometheusText() {}

    /** The families in the order they appear. */
    public static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line does not end with a line feed");
        }
        PrometheusText p = new PrometheusText();
        for (String line : text.split("\n", -1)) {
            p.lineNo++;
            if (p.lineNo > 1 || !line.isEmpty()) {
                p.line(line);
            }
        }
        return p.families;
    }

    /** The value of the one sample called {@code name} with exactly {@code labels}. */
    public static double value(Map<String, Family> families, String name, Map<String, String> labels) {
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (s.name().equals(name) && s.labels().equals(labels)) {
                    return s.value();
                }
            }
        }
        throw new AssertionError("no sample " + name + labels);
    }

    public static double value(Map<String, Family> families, String name) {
        return value(families, name, Map.of());
    }

    private void line(String line) {
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("#")) {
            String[] t = line.split("[ \t]+", 4);
            if (t.length >= 3 && t[0].equals("#") && (t[1].equals("HELP") || t[1].equals("TYPE"))) {
                metadata(t[1], t[2], t.length == 4 ? t[3] : "");
            }
            return; // any other comment is allowed and ignored
        }
        sample(line);
    }

    private void metadata(String kind, String name, String rest) {
        if (!METRIC.matcher(name).matches()) {
            throw fail("bad metric name '" + name + "'");
        }
        Family f = families.get(name);
        if (f != null && !f.samples().isEmpty()) {
            throw fail(kind + " for " + name + " after its samples");
        }
        if (f == null) {
            enter(name);
            f = new Family(name, "untyped", null, new ArrayList<>());
        } else if (!name.equals(open)) {
            throw fail("the lines of " + name + " are not together");
        }
        if (kind.equals("TYPE")) {
            if (typeGiven.contains(name)) {
                throw fail("a second TYPE for " + name);
            }
            if (!TYPES.contains(rest)) {
                throw fail("unknown type '" + rest + "'");
            }
            typeGiven.add(name);
            f = new Family(name, rest, f.help(), f.samples());
        } else {
            if (f.help() != null) {
                throw fail("a second HELP for " + name);
            }
            f = new Family(name, f.type(), unescape(rest), f.samples());
        }
        families.put(name, f);
    }

    private void sample(String line) {
        int i = 0;
        while (i < line.length() && "{ \t".indexOf(line.charAt(i)) < 0) {
            i++;
        }
        String name = line.substring(0, i);
        if (!METRIC.matcher(name).matches()) {
            throw fail("bad metric name '" + name + "'");
        }
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        String[] rest = line.substring(i).strip().split("[ \t]+");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            throw fail("expected a value and an optional timestamp");
        }
        double value = number(rest[0]);
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw fail("bad timestamp '" + rest[1] + "'");
            }
        }
        String family = familyOf(name);
        Family f = families.get(family);
        if (f == null) {
            enter(family);
            f = new Family(family, "untyped", null, new ArrayList<>());
            families.put(family, f);
        } else if (!family.equals(open)) {
            throw fail("the samples of " + family + " are not together");
        }
        if (!seriesSeen.add(name + labels)) {
            throw fail("a second sample of " + name + labels);
        }
        f.samples().add(new Sample(name, Map.copyOf(labels), value));
    }

    /** A summary's or histogram's _sum, _count and _bucket samples belong to the family declared before. */
    private String familyOf(String name) {
        if (open != null && !name.equals(open)) {
            String type = families.get(open).type();
            List<String> suffixes =
                    switch (type) {
                        case "summary" -> List.of("_sum", "_count");
                        case "histogram" -> List.of("_sum", "_count", "_bucket");
                        default -> List.of();
                    };
            for (String s : suffixes) {
                if (name.equals(open + s)) {
                    return open;
                }
            }
        }
        return name;
    }

    private void enter(String family) {
        if (closed.contains(family)) {
            throw fail("the lines of " + family + " are not together");
        }
        if (open != null) {
            closed.add(open);
        }
        open = family;
    }

    private int labels(String line, int i, Map<String, String> out) {
        while (true) {
            if (i < line.length() && line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw fail("a label without '='");
            }
            String label = line.substring(i, eq).strip();
            if (!LABEL.matcher(label).matches()) {
                throw fail("bad label name '" + label + "'");
            }
            if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw fail("the value of label " + label + " is not quoted");
            }
            int j = eq + 2;
            StringBuilder v = new StringBuilder();
            while (true) {
                if (j >= line.length()) {
                    throw fail("unterminated value of label " + label);
                }
                char c = line.charAt(j++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (j >= line.length()) {
                        throw fail("unterminated escape");
                    }
                    char e = line.charAt(j++);
                    v.append(
                            switch (e) {
                                case '\\' -> '\\';
                                case '"' -> '"';
                                case 'n' -> '\n';
                                default -> throw fail("bad escape \\" + e + " in a label value");
                            });
                } else {
                    v.append(c);
                }
            }
            if (out.put(label, v.toString()) != null) {
                throw fail("label " + label + " given twice");
            }
            if (j < line.length() && line.charAt(j) == ',') {
                j++;
            } else if (j >= line.length() || line.charAt(j) != '}') {
                throw fail("expected ',' or '}' after label " + label);
            }
            i = j;
        }
    }

    private double number(String s) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!s.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    throw fail("bad value '" + s + "'");
                }
                return Double.parseDouble(s);
        }
    }

    private String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw fail("unterminated escape in HELP");
            }
            char e = s.charAt(i);
            if (e == '\\') {
                b.append('\\');
            } else if (e == 'n') {
                b.append('\n');
            } else {
                throw fail("bad escape \\" + e + " in HELP");
            }
        }
        return b.toString();
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException("line " + lineNo + ": " + why);
    }
}
