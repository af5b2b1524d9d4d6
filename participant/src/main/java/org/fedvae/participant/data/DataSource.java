package org.fedvae.participant.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a dataset's files come from: a folder on disk, or the classpath (the MNIST bundled in
 * the jar). Errors name files by {@link #describe}, so the user sees which file is wrong.
 */
public interface DataSource {

    /** Opens the named file, or returns null when it does not exist. */
    InputStream openOrNull(String fileName) throws IOException;

    /** A human-readable location of the named file, for messages. */
    String describe(String fileName);

    static DataSource folder(Path dir) {
        return new DataSource() {
            @Override
            public InputStream openOrNull(String fileName) throws IOException {
                Path p = dir.resolve(fileName);
                return Files.isRegularFile(p) ? Files.newInputStream(p) : null;
            }

            @Override
            public String describe(String fileName) {
                return dir.resolve(fileName).toString();
            }
        };
    }

    static DataSource classpath(String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        return new DataSource() {
            @Override
            public InputStream openOrNull(String fileName) {
                return DataSource.class.getResourceAsStream(prefix + fileName);
            }

            @Override
            public String describe(String fileName) {
                return "classpath:" + prefix + fileName;
            }
        };
    }
}
