package org.fedvae.participant.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fedvae.participant.ParticipantMain;
import org.fedvae.participant.data.DataSource;
import org.fedvae.participant.data.IdxDataset;
import org.fedvae.participant.data.ImageFolder;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.data.Split;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.protocol.model.ModelFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate: PNG folders and IDX files of labelled images from a cvae, and its bad input. */
class GenerateCommandTest {

    private static final int SIDE = 4;

    @TempDir
    Path tmp;

    private Path cvae;
    private Path plain;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CliErrors.commandLine(new ParticipantMain());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @BeforeEach
    void models() throws Exception {
        VaeConfig small = new VaeConfig(SIDE * SIDE, 8, 2, 1.0, 1e-3, 8, 3);
        cvae = tmp.resolve("cvae.fvae");
        plain = tmp.resolve("plain.fvae");
        ModelFile.write(new Vae(small.withLabelCount(3)).parameters(), cvae);
        ModelFile.write(new Vae(small).parameters(), plain);
    }

    @Test
    void pngFoldersLoadBackAsAnImageFolderWithTheirLabels() throws Exception {
        Path dir = tmp.resolve("png");
        Run r = run("generate", "--model", cvae.toString(), "--out", dir.toString(), "--count", "4");
        assertEquals(0, r.exit, r.err);
        ImageSet back = ImageFolder.load(dir, SIDE, SIDE);
        assertEquals(12, back.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(i / 4, back.label(i), "image " + i);
        }
        assertTrue(Files.isRegularFile(dir.resolve("2").resolve("00003.png")));
    }

    @Test
    void idxFilesLoadBackWithTheirLabelsAndAClassAlone() throws Exception {
        Path dir = tmp.resolve("idx");
        Run r = run(
                "generate",
                "--model",
                cvae.toString(),
                "--out",
                dir.toString(),
                "--count",
                "5",
                "--class",
                "1",
                "--format",
                "idx");
        assertEquals(0, r.exit, r.err);
        ImageSet back = IdxDataset.load(DataSource.folder(dir), Split.TRAIN, Map.of());
        assertEquals(5, back.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(1, back.label(i));
        }
    }

    @Test
    void theSameSeedGivesTheSameImages() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        run("generate", "--model", cvae.toString(), "--out", a.toString(), "--format", "idx", "--seed", "7");
        run("generate", "--model", cvae.toString(), "--out", b.toString(), "--format", "idx", "--seed", "7");
        assertArrayEquals(
                Files.readAllBytes(a.resolve(GeneratedImages.IDX_IMAGES)),
                Files.readAllBytes(b.resolve(GeneratedImages.IDX_IMAGES)));
    }

    @Test
    void badInputIsOneClearLine() throws Exception {
        String out = tmp.resolve("o").toString();
        assertBad(run("generate", "--model", plain.toString(), "--out", out), "holds a plain VAE");
        assertBad(
                run("generate", "--model", cvae.toString(), "--out", out, "--class", "3"), "--class 3 is not a class");
        assertBad(run("generate", "--model", cvae.toString(), "--out", out, "--class", "-1"), "is not a class");
        assertBad(run("generate", "--model", tmp.resolve("none.fvae").toString(), "--out", out), "no such model file");
        Path junk = tmp.resolve("junk.fvae");
        Files.writeString(junk, "not a model at all, just some text to read");
        assertBad(run("generate", "--model", junk.toString(), "--out", out), "not a FedVAE model file");
        assertBad(run("generate", "--model", cvae.toString(), "--out", out, "--format", "gif"), "png or idx");
        assertBad(run("generate", "--model", cvae.toString(), "--out", out, "--count", "0"), "at least 1");
        assertFalse(Files.exists(Path.of(out)), "nothing written on bad input");
    }

    private static void assertBad(Run r, String expected) {
        assertEquals(CliErrors.BAD_INPUT, r.exit, r.err);
        assertTrue(r.err.contains(expected), r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
    }
}
