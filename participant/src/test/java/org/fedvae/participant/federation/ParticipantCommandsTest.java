package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.fedvae.participant.ParticipantMain;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** init-model, and join's bad input (the running join is in the simulations' end-to-end tests). */
class ParticipantCommandsTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CliErrors.commandLine(new ParticipantMain());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void initModelWritesTheReferenceVaeReproduciblyBySeed() throws Exception {
        Path a = tmp.resolve("a.fvae");
        Path b = tmp.resolve("b.fvae");
        Path c = tmp.resolve("c.fvae");
        assertEquals(0, run("init-model", "--out", a.toString(), "--seed", "4").exit);
        assertEquals(0, run("init-model", "--out", b.toString(), "--seed", "4").exit);
        assertEquals(0, run("init-model", "--out", c.toString(), "--seed", "5").exit);
        ModelParameters ma = ModelFile.read(a);
        assertEquals(VaeLayout.spec(VaeConfig.defaults(4)), ma.spec());
        assertEquals(652_824, ma.size());
        assertTrue(ma.bitEquals(ModelFile.read(b)));
        assertFalse(ma.bitEquals(ModelFile.read(c)));
    }

    @Test
    void initModelWritesAConditionalVaeWhenAsked() throws Exception {
        Path a = tmp.resolve("cvae.fvae");
        Run r = run("init-model", "--out", a.toString(), "--model", "cvae", "--classes", "4");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("cvae (4 classes)"), r.out);
        assertEquals(
                VaeLayout.spec(VaeConfig.defaults(1).withLabelCount(4)),
                ModelFile.read(a).spec());
        Run bad = run("init-model", "--out", a.toString(), "--model", "gan");
        assertEquals(CliErrors.BAD_INPUT, bad.exit, bad.err);
        assertTrue(bad.err.contains("--model must be vae or cvae"), bad.err);
        Run classesOfPlain = run("init-model", "--out", a.toString(), "--classes", "4");
        assertTrue(classesOfPlain.err.contains("--classes applies to --model cvae only"), classesOfPlain.err);
    }

    @Test
    void joinReportsBadInputInOneLine() {
        Run noCredentials = run(
                "join",
                "--coordinator",
                "127.0.0.1:7443",
                "--credentials",
                tmp.resolve("nothing").toString());
        assertEquals(CliErrors.BAD_INPUT, noCredentials.exit, noCredentials.err);
        assertTrue(noCredentials.err.contains("tls.crt"), noCredentials.err);
        assertEquals(1, noCredentials.err.strip().lines().count(), noCredentials.err);
        Run missing = run("join", "--credentials", tmp.toString());
        assertTrue(missing.exit != 0 && missing.err.contains("--coordinator"), missing.err);
        assertTrue(run("--help").out.contains("join"));
        assertTrue(run("join", "--help").out.contains("--allow-no-secagg-round=ID"));
    }

    /** The blanket consent of earlier versions is refused before anything is read, with what replaces it. */
    @Test
    void joinRefusesTheBlanketAllowNoSecaggOption() {
        Run blanket = run(
                "join",
                "--coordinator",
                "127.0.0.1:7443",
                "--credentials",
                tmp.resolve("nothing").toString(),
                "--allow-no-secagg");
        assertEquals(CliErrors.BAD_INPUT, blanket.exit, blanket.err);
        assertTrue(blanket.err.contains("--allow-no-secagg-round ID"), blanket.err);
        assertTrue(!blanket.err.contains("tls.crt"), "refused before the credentials are read: " + blanket.err);
    }
}
