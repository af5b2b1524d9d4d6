package org.fedvae.coordinator.conformance;

/** The outcome of one conformance check: passed, or failed with a reason. */
public record CheckResult(String check, String failure) {

    public static CheckResult pass(String check) {
        return new CheckResult(check, null);
    }

    public static CheckResult fail(String check, String reason) {
        return new CheckResult(check, reason == null || reason.isBlank() ? "no reason given" : reason);
    }

    public boolean passed() {
        return failure == null;
    }

    /** The line the kit prints: {@code PASS <check>} or {@code FAIL <check>: <reason>}. */
    public String line() {
        return passed() ? "PASS " + check : "FAIL " + check + ": " + failure;
    }
}
