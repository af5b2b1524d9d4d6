package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.fedvae.coordinator.CoordinatorMain;
import org.fedvae.coordinator.enrol.Enrolment;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.protocol.cli.CliErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code serve} is one line and exit code 1; the running case is in the simulations' end-to-end tests. */
class ServeCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CliErrors.commandLine(new CoordinatorMain());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private static void assertOneLineError(Run r, String expected) {
        assertEquals(CliErrors.BAD_INPUT, r.exit, r.err);
        assertTrue(r.err.contains(expected), r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
    }

    @Test
    void helpNamesTheOptions() {
        Run r = run("serve", "--help");
        assertEquals(0, r.exit);
        for (String o : new String[] {
            "--listen",
            "--credentials",
            "--state",
            "--model",
            "--rounds",
            "--no-secagg",
            "--threshold",
            "--cohort-size",
            "--cohort-fraction",
            "--local-epochs",
            "--lr",
            "--batch-size",
            "--beta",
            "--stage-timeout",
            "--training-timeout",
            "--clip-range",
            "--max-weight",
            "--strategy",
            "--server-lr",
            "--seed",
            "--min-participants",
            "--http",
            "--http-token-file",
            "--http-tls",
            "--federation-name"
        }) {
            assertTrue(r.out.contains(o), o);
        }
        assertTrue(run("--help").out.contains("serve"));
        assertTrue(r.out.contains("Local epochs per round (default: 1)"), r.out);
        assertTrue(r.out.contains("(default: 1800)"), r.out);
    }

    @Test
    void badInputIsOneLine() throws Exception {
        FederationDirectory fed = new FederationDirectory(tmp.resolve("fed"));
        Enrolment e = new Enrolment(fed);
        e.initCa("CA", 30, false);
        e.coordinator("localhost", 30, false);
        String creds = fed.coordinator().directory().toString();
        String state = tmp.resolve("state").toString();
        assertOneLineError(run("serve", "--credentials", creds, "--state", state), "no allowlist");
        e.participant("site-1", 30, false);
        assertOneLineError(
                run("serve", "--credentials", creds, "--state", state, "--rounds", "0"), "rounds must be at least 1");
        assertOneLineError(run("serve", "--credentials", creds, "--state", state), "no initial model");
        assertOneLineError(
                run("serve", "--credentials", creds, "--state", state, "--cohort-size", "6", "--threshold", "3"),
                "threshold 3 for a cohort of 6 must be more than half of it");
        assertOneLineError(
                run("serve", "--credentials", creds, "--state", state, "--threshold", "3"),
                "a threshold needs a fixed cohort size");
        assertOneLineError(
                run("serve", "--credentials", creds, "--state", state, "--batch-size", "0"),
                "batch size 0 outside 1..65536");
        assertOneLineError(
                run(
                        "serve",
                        "--credentials",
                        creds,
                        "--state",
                        state,
                        "--model",
                        tmp.resolve("none.fvae").toString()),
                "none.fvae");
        assertOneLineError(run("serve", "--credentials", tmp.toString(), "--state", state), "allowlist");
        assertOneLineError(run("serve", "--credentials", creds, "--state", state, "--listen", "nowhere"), "HOST:PORT");
        Run unknown = run("serve", "--credentials", creds, "--state", state, "--strategy", "fedsgd");
        assertFalse(unknown.exit == 0);
        assertTrue(unknown.err.contains("fedsgd"), unknown.err);
    }

    @Test
    void anUnprotectedDashboardBeyondLoopbackIsRefusedBeforeAnythingStarts() throws Exception {
        FederationDirectory fed = new FederationDirectory(tmp.resolve("fed"));
        Enrolment e = new Enrolment(fed);
        e.initCa("CA", 30, false);
        e.coordinator("localhost", 30, false);
        e.participant("site-1", 30, false);
        String creds = fed.coordinator().directory().toString();
        String state = tmp.resolve("state").toString();
        // Without a model the run itself would fail too; the address is refused first.
        assertOneLineError(
                run("serve", "--credentials", creds, "--state", state, "--http", "0.0.0.0:0"),
                "refusing to serve HTTP on 0.0.0.0 without protection");
        java.nio.file.Path token = tmp.resolve("token");
        java.nio.file.Files.writeString(token, "too-short\n");
        assertOneLineError(
                run(
                        "serve",
                        "--credentials",
                        creds,
                        "--state",
                        state,
                        "--http",
                        "0.0.0.0:0",
                        "--http-token-file",
                        token.toString()),
                "use at least 16");
        // With a token the address is accepted: the run then stops on the missing model, as without --http.
        java.nio.file.Files.writeString(token, "0123456789abcdef0123456789abcdef\n");
        assertOneLineError(
                run(
                        "serve",
                        "--credentials",
                        creds,
                        "--state",
                        state,
                        "--http",
                        "0.0.0.0:0",
                        "--http-token-file",
                        token.toString()),
                "no initial model");
    }
}
