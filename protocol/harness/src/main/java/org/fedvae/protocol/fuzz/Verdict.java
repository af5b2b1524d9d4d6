package org.fedvae.protocol.fuzz;

/**
 * What one fuzz input did. {@code failure} is null when every invariant held; {@code category}
 * says which path the input took (for the run's statistics).
 */
public record Verdict(String category, String failure) {

    static Verdict ok(String category) {
        return new Verdict(category, null);
    }

    static Verdict failed(String category, String failure) {
        return new Verdict(category, failure);
    }

    public boolean failedInvariant() {
        return failure != null;
    }
}
