package org.fedvae.coordinator.conformance;

import java.util.Locale;

/**
 * The outcome of one conformance check: passed, or failed with a reason; a check that measures
 * something (against a threshold) reports the figure either way.
 */
public record CheckResult(String check, String failure, Measure measure) {

    /** A figure a check measured and the threshold it compared it with. */
    public record Measure(String what, double value, double threshold) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.3e, threshold %.3e", what, value, threshold);
        }
    }

    public static CheckResult pass(String check) {
        return new CheckResult(check, null, null);
    }

    public static CheckResult fail(String check, String reason) {
        return new CheckResult(check, reason == null || reason.isBlank() ? "no reason given" : reason, null);
    }

    /** Passed or failed ({@code failure} null or not), with the figure it was decided on. */
    public static CheckResult measured(String check, String failure, Measure measure) {
        return failure == null
                ? new CheckResult(check, null, measure)
                : fail(check, failure).with(measure);
    }

    private CheckResult with(Measure m) {
        return new CheckResult(check, failure, m);
    }

    public boolean passed() {
        return failure == null;
    }

    /** The line the kit prints: {@code PASS <check>} or {@code FAIL <check>: <reason>}, then any figure. */
    public String line() {
        String figure = measure == null ? "" : " (" + measure + ")";
        return (passed() ? "PASS " + check : "FAIL " + check + ": " + failure) + figure;
    }
}
