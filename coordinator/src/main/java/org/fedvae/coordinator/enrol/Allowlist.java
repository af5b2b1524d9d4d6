package org.fedvae.coordinator.enrol;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The coordinator's list of enrolled participants, immutable. Its text form, one participant a line:
 *
 * <pre>
 * # comment
 * &lt;id&gt; &lt;active|revoked&gt; &lt;identity key, base64 SubjectPublicKeyInfo&gt; &lt;TLS certificate SHA-256, hex&gt;
 * </pre>
 */
public final class Allowlist {

    public static final Allowlist EMPTY = new Allowlist(Map.of());

    private static final String HEADER = """
            # FedVAE participant allowlist, maintained by `fedvae-coordinator enrol`.
            # <participant id> <active|revoked> <Ed25519 identity key: base64 SubjectPublicKeyInfo> <TLS certificate SHA-256>
            """;

    private final Map<String, AllowlistEntry> entries;

    private Allowlist(Map<String, AllowlistEntry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public Optional<AllowlistEntry> get(String participantId) {
        return Optional.ofNullable(entries.get(participantId));
    }

    public Collection<AllowlistEntry> entries() {
        return entries.values();
    }

    /** This list with {@code entry} added, or replacing the entry of the same id. */
    public Allowlist with(AllowlistEntry entry) {
        Map<String, AllowlistEntry> m = new LinkedHashMap<>(entries);
        m.put(entry.participantId(), entry);
        return new Allowlist(m);
    }

    public Allowlist without(String participantId) {
        Map<String, AllowlistEntry> m = new LinkedHashMap<>(entries);
        m.remove(participantId);
        return new Allowlist(m);
    }

    /** Parses the text form; {@code source} names the file in error messages. */
    public static Allowlist parse(String text, String source) throws EnrolmentException {
        Map<String, AllowlistEntry> m = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] f = line.split("\\s+");
            if (f.length != 4) {
                throw new EnrolmentException(where + ": expected 4 fields (id, active|revoked, identity key, "
                        + "certificate fingerprint), found " + f.length);
            }
            boolean revoked =
                    switch (f[1]) {
                        case "active" -> false;
                        case "revoked" -> true;
                        default ->
                            throw new EnrolmentException(where + ": status must be active or revoked, found " + f[1]);
                    };
            AllowlistEntry e;
            try {
                e = new AllowlistEntry(f[0], f[2], f[3], revoked);
            } catch (IllegalArgumentException ex) {
                throw new EnrolmentException(where + ": " + ex.getMessage(), ex);
            }
            if (m.put(e.participantId(), e) != null) {
                throw new EnrolmentException(where + ": participant " + e.participantId() + " is listed twice");
            }
        }
        return new Allowlist(m);
    }

    public String format() {
        StringBuilder b = new StringBuilder(HEADER);
        for (AllowlistEntry e : entries.values()) {
            b.append(e.participantId())
                    .append(' ')
                    .append(e.revoked() ? "revoked" : "active")
                    .append(' ')
                    .append(e.identityKey())
                    .append(' ')
                    .append(e.certificateSha256())
                    .append('\n');
        }
        return b.toString();
    }
}
