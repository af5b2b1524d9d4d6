package org.fedvae.coordinator.enrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedvae.coordinator.CoordinatorMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The enrol subcommands as the operator runs them through the coordinator's main command. */
class EnrolCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new CoordinatorMain());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheSubcommands() {
        Run r = run("enrol", "--help");
        assertEquals(0, r.exit);
        for (String sub : new String[] {"init-ca", "coordinator", "participant", "revoke", "crl"}) {
            assertTrue(r.out.contains(sub), r.out);
        }
        Run top = run("--help");
        assertTrue(top.out.contains("enrol"), top.out);
        Run p = run("enrol", "participant", "--help");
        assertTrue(p.out.contains("--id") && p.out.contains("--force"), p.out);
    }

    @Test
    void wholeEnrolmentThroughTheCommandLine() {
        String dir = tmp.resolve("fed").toString();
        Run ca = run("enrol", "init-ca", "--dir", dir, "--days", "30");
        assertEquals(0, ca.exit, ca.err);
        assertTrue(ca.out.contains("federation CA"), ca.out);
        Run coord = run("enrol", "coordinator", "--dir", dir, "--host", "coord.example");
        assertEquals(0, coord.exit, coord.err);
        Run site = run("enrol", "participant", "--dir", dir, "--id", "site-1");
        assertEquals(0, site.exit, site.err);
        assertTrue(site.out.contains("participant site-1, certificate sha256 "), site.out);
        assertTrue(site.out.contains("wrote ") && site.out.contains("identity.key"), site.out);
        assertTrue(Files.exists(tmp.resolve("fed/participants/site-1/tls.crt")));
        Run revoke = run("enrol", "revoke", "--dir", dir, "--id", "site-1");
        assertEquals(0, revoke.exit, revoke.err);
        assertTrue(revoke.out.contains("revocation list number 2") && revoke.out.contains("crl.pem"), revoke.out);
        Run crl = run("enrol", "crl", "--dir", dir, "--days", "7");
        assertEquals(0, crl.exit, crl.err);
        assertTrue(crl.out.contains("revocation list number 3 (1 revoked)") && crl.out.contains("enrol crl"), crl.out);
    }

    @Test
    void refusalsExitNonZeroWithOneClearLine() {
        String dir = tmp.resolve("fed").toString();
        Run noCa = run("enrol", "participant", "--dir", dir, "--id", "site-1");
        assertEquals(1, noCa.exit);
        assertTrue(noCa.err.startsWith("enrol participant: ") && noCa.err.contains("init-ca"), noCa.err);
        assertEquals(1, noCa.err.strip().lines().count(), noCa.err);

        assertEquals(0, run("enrol", "init-ca", "--dir", dir).exit);
        Run again = run("enrol", "init-ca", "--dir", dir);
        assertEquals(1, again.exit);
        assertTrue(again.err.contains("refusing to overwrite") && again.err.contains("--force"), again.err);
        assertEquals(0, run("enrol", "init-ca", "--dir", dir, "--force").exit);

        Run badId = run("enrol", "participant", "--dir", dir, "--id", "../../etc");
        assertEquals(1, badId.exit);
        assertTrue(badId.err.contains("invalid participant id"), badId.err);

        Run missingOption = run("enrol", "participant", "--dir", dir);
        assertEquals(2, missingOption.exit); // picocli's usage error
        assertTrue(missingOption.err.contains("--id"), missingOption.err);
    }
}
