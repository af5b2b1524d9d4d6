package org.fedvae.protocol.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheContentAndLeavesNoTemporaryFileBehind() throws IOException {
        Path f = dir.resolve("sub/state.txt");
        AtomicFiles.writeString(f, "first\n");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(f.getParent())) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void aNewFileHasThePermissionsAskedForFromTheStart() throws IOException {
        Path f = dir.resolve("key.pem");
        AtomicFiles.write(f, new byte[] {7}, PosixFilePermissions.fromString("rw-------"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aFailedWriteKeepsTheOldContent() throws IOException {
        Path f = dir.resolve("model.bin");
        AtomicFiles.writeString(f, "old");
        Path target = dir.resolve("a-directory");
        Files.createDirectories(target.resolve("not-empty"));
        // Renaming a file over a non-empty directory fails: nothing of the new content may stay.
        assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "new"));
        assertEquals("old", Files.readString(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "a temporary file was left behind");
        }
    }
}
