package org.fedvae.coordinator.enrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowlistTest {

    private static final String KEY = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";
    private static final String SHA = "a".repeat(64);

    @TempDir
    Path tmp;

    @Test
    void formatParsesBackToTheSameEntries() throws Exception {
        Allowlist list = Allowlist.EMPTY
                .with(new AllowlistEntry("site-1", KEY, SHA, false))
                .with(new AllowlistEntry("site-2", KEY, "b".repeat(64), true));
        Allowlist back = Allowlist.parse(list.format(), "test");
        assertEquals(List.copyOf(list.entries()), List.copyOf(back.entries()));
        assertTrue(back.get("site-2").orElseThrow().revoked());
        assertFalse(back.get("site-3").isPresent());
    }

    @Test
    void malformedLinesAreReportedWithTheirLineNumber() {
        String[] bad = {
            "site-1 active " + KEY, // missing field
            "site-1 maybe " + KEY + " " + SHA, // bad status
            "../x active " + KEY + " " + SHA, // bad id
            "site-1 active not*base64 " + SHA, // bad key
            "site-1 active " + KEY + " ABC", // bad fingerprint
            "site-1 active " + KEY + " " + SHA + "\nsite-1 revoked " + KEY + " " + SHA, // listed twice
        };
        for (String text : bad) {
            String withHeader = "# header\n\n" + text;
            EnrolmentException e =
                    assertThrows(EnrolmentException.class, () -> Allowlist.parse(withHeader, "list.txt"), text);
            assertTrue(e.getMessage().startsWith("list.txt line "), e.getMessage());
        }
    }

    @Test
    void updatesAreAtomicAndCurrentFollowsTheFile() throws Exception {
        AllowlistFile file = new AllowlistFile(tmp.resolve("coordinator/allowlist.txt"));
        assertSame(Allowlist.EMPTY, file.current());
        file.update(l -> l.with(new AllowlistEntry("site-1", KEY, SHA, false)));
        Allowlist first = file.current();
        assertTrue(first.get("site-1").isPresent());
        assertSame(first, file.current(), "re-read although the file did not change");

        file.update(l -> l.with(l.get("site-1").orElseThrow().asRevoked()));
        assertTrue(file.current().get("site-1").orElseThrow().revoked());
        try (var files = Files.list(tmp.resolve("coordinator"))) {
            assertEquals(
                    List.of("allowlist.txt", "allowlist.txt.lock"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aCorruptedFileFailsClosed() throws Exception {
        AllowlistFile file = new AllowlistFile(tmp.resolve("allowlist.txt"));
        file.update(l -> l.with(new AllowlistEntry("site-1", KEY, SHA, false)));
        file.current();
        Files.writeString(file.path(), "site-1 active\n");
        EnrolmentException e = assertThrows(EnrolmentException.class, file::current);
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void aRefusedChangeLeavesTheFileAlone() throws Exception {
        AllowlistFile file = new AllowlistFile(tmp.resolve("allowlist.txt"));
        file.update(l -> l.with(new AllowlistEntry("site-1", KEY, SHA, false)));
        String before = Files.readString(file.path());
        assertThrows(
                EnrolmentException.class,
                () -> file.update(l -> {
                    throw new EnrolmentException("no");
                }));
        assertEquals(before, Files.readString(file.path()));
    }
}
