package org.fedvae.coordinator.enrol;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedvae-coordinator enrol ...}: the CA operator's commands. */
@Command(
        name = "enrol",
        mixinStandardHelpOptions = true,
        description = {
            "Create the federation CA, the coordinator's TLS credentials and participant identities.",
            "Layout of DIR: ca/ (CA key and certificate: keep ca.key offline, with the operator), coordinator/ (TLS key,",
            "certificate, ca.crt, allowlist.txt, crl.pem: copy allowlist.txt and crl.pem to the coordinator after each change),",
            "participants/ID/ (identity.key, tls.key, tls.crt, ca.crt: hand this directory to that site securely)."
        },
        subcommands = {
            EnrolCommand.InitCa.class,
            EnrolCommand.Coordinator.class,
            EnrolCommand.Participant.class,
            EnrolCommand.Revoke.class,
            EnrolCommand.Crl.class
        })
public final class EnrolCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Shared by the subcommands: runs the operation, prints what it wrote or the reason it refused. */
    abstract static class Step implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The federation directory.")
        Path dir;

        abstract Enrolment.Result run(Enrolment enrolment) throws EnrolmentException;

        @Override
        public Integer call() {
            try {
                Enrolment.Result r = run(new Enrolment(new FederationDirectory(dir)));
                spec.commandLine().getOut().println(r.summary());
                r.written().forEach(p -> spec.commandLine().getOut().println("  wrote " + p));
                return 0;
            } catch (EnrolmentException e) {
                spec.commandLine().getErr().println("enrol " + spec.name() + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "init-ca",
            mixinStandardHelpOptions = true,
            description =
                    "Create the federation CA: an ECDSA P-256 key (DIR/ca/ca.key, owner-only), a self-signed certificate "
                            + "and the first, empty revocation list (DIR/coordinator/crl.pem, number 1).")
    static final class InitCa extends Step {
        @Option(
                names = "--name",
                defaultValue = "FedVAE federation CA",
                description = "CA name (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(
                names = "--days",
                defaultValue = "" + Enrolment.DEFAULT_CA_DAYS,
                description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--force", description = "Replace an existing CA (every certificate it issued stops working).")
        boolean force;

        @Override
        Enrolment.Result run(Enrolment e) throws EnrolmentException {
            return e.initCa(name, days, force);
        }
    }

    @Command(
            name = "coordinator",
            mixinStandardHelpOptions = true,
            description = "Issue the coordinator's TLS key and certificate (SAN: HOST, localhost, 127.0.0.1).")
    static final class Coordinator extends Step {
        @Option(
                names = "--host",
                required = true,
                paramLabel = "HOST",
                description = "The DNS name or IP address participants connect to.")
        String host;

        @Option(
                names = "--days",
                defaultValue = "" + Enrolment.DEFAULT_DAYS,
                description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--force", description = "Replace existing coordinator credentials.")
        boolean force;

        @Override
        Enrolment.Result run(Enrolment e) throws EnrolmentException {
            return e.coordinator(host, days, force);
        }
    }

    @Command(
            name = "participant",
            mixinStandardHelpOptions = true,
            description =
                    "Enrol a participant: an Ed25519 identity key, a P-256 TLS key, a certificate with CN=ID that "
                            + "carries the identity key, and an active entry in the coordinator's allowlist.")
    static final class Participant extends Step {
        @Option(
                names = "--id",
                required = true,
                paramLabel = "ID",
                description = "Participant id: 1-64 of A-Z a-z 0-9 . _ -")
        String id;

        @Option(
                names = "--days",
                defaultValue = "" + Enrolment.DEFAULT_DAYS,
                description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--force", description = "Re-enrol with new keys; the old certificate is no longer accepted.")
        boolean force;

        @Override
        Enrolment.Result run(Enrolment e) throws EnrolmentException {
            return e.participant(id, days, force);
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a participant: the coordinator refuses it from its next connection on, and the next "
                    + "revocation list (DIR/coordinator/crl.pem) names its certificate, so no participant accepts it in a "
                    + "cohort. Copy allowlist.txt and crl.pem to the coordinator.")
    static final class Revoke extends Step {
        @Option(names = "--id", required = true, paramLabel = "ID", description = "Participant id.")
        String id;

        @Option(
                names = "--crl-days",
                defaultValue = "" + Enrolment.DEFAULT_CRL_DAYS,
                description = "Validity of the new revocation list in days (default: ${DEFAULT-VALUE}).")
        int crlDays;

        @Override
        Enrolment.Result run(Enrolment e) throws EnrolmentException {
            return e.revoke(id, crlDays);
        }
    }

    @Command(
            name = "crl",
            mixinStandardHelpOptions = true,
            description =
                    "Re-issue the revocation list (same revocations, next number, fresh validity). Participants refuse "
                            + "an expired list: run this before the current one expires and copy DIR/coordinator/crl.pem to the coordinator.")
    static final class Crl extends Step {
        @Option(
                names = "--days",
                defaultValue = "" + Enrolment.DEFAULT_CRL_DAYS,
                description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Override
        Enrolment.Result run(Enrolment e) throws EnrolmentException {
            return e.reissueRevocationList(days);
        }
    }
}
