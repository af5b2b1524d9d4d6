package org.fedvae.coordinator.conformance;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggViolation;

/**
 * The participant side of the kit: a fake coordinator that the participant under test connects
 * to, and that runs every check of {@link ParticipantChecks} against it in turn. Round ids
 * increase from {@code firstRound}, one or more per check, since a participant must never take
 * part twice in one round id; only the check of exactly that reuses one.
 */
public final class ParticipantKit {

    private final KitServer server;
    final KitCredentials credentials;
    final ModelParameters model;
    final Duration wait;
    /** The participant under test has a client-level DP budget: it takes part in DP rounds only (PROTOCOL.md 7.1). */
    final boolean clientDpSite;

    private long nextRound;
    private PeerConnection current;
    /** A KeyList the participant received in an earlier round: material for the replay check. */
    SecAggMessage earlierKeyList;
    /** The sparse checks' cohort: its 255 certificates are issued once per kit run, not once per round. */
    private KitCohort sparseCohort;

    ParticipantKit(
            KitServer server,
            KitCredentials credentials,
            ModelParameters model,
            Duration wait,
            long firstRound,
            boolean clientDpSite) {
        this.server = server;
        this.credentials = credentials;
        this.model = model;
        this.wait = wait;
        this.nextRound = firstRound;
        this.clientDpSite = clientDpSite;
    }

    long nextRoundId() {
        return nextRound++;
    }

    /** The participant's open connection, waiting for it to (re)connect if needed; null if it did not. */
    PeerConnection connection() throws InterruptedException {
        while (current == null || !current.channel.isActive()) {
            current = server.nextConnection(wait);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    KitRound round(int vanishCount, KitRound.Lie lie) throws InterruptedException, SecAggViolation {
        PeerConnection c = connection();
        if (c == null) {
            return null;
        }
        return new KitRound(c, model, nextRoundId(), vanishCount, lie, credentials);
    }

    /** A SecAgg+ round of 256 ({@link KitSparseRound}) under a fresh id; null if the participant did not connect. */
    KitSparseRound sparseRound() throws InterruptedException, SecAggViolation {
        PeerConnection c = connection();
        if (c == null) {
            return null;
        }
        if (sparseCohort == null
                || !sparseCohort.names.contains(c.participantId)
                || !Arrays.equals(sparseCohort.publicKeys.get(sparseCohort.selfId), c.identityKey)) {
            sparseCohort = new KitCohort(c, credentials, KitSparseRound.KIT_MEMBERS, new SecureRandom());
        }
        return new KitSparseRound(c, sparseCohort, model, nextRoundId(), credentials);
    }

    /** An honest round under an id already used, as a coordinator that lost its state (or replays) would run it. */
    KitRound reusingRound(long roundId) throws InterruptedException, SecAggViolation {
        PeerConnection c = connection();
        return c == null ? null : new KitRound(c, model, roundId, 0, KitRound.Lie.NONE, credentials);
    }

    /**
     * Starts a fresh round and waits for the participant's first answer to it: since it handles
     * frames in order, whatever it sent for {@code r} before that is all its reaction to what
     * {@code r} last told it. The fresh round is left to be abandoned by the next one.
     */
    void barrier(KitRound r) throws InterruptedException, SecAggViolation {
        KitRound next = new KitRound(r.peer, model, nextRoundId(), 0, KitRound.Lie.NONE, credentials);
        r.peer.send(next.roundStartEnvelope());
        while (true) {
            Envelope e = r.peer.next(wait);
            if (e == null) {
                r.timedOut = true;
                return;
            }
            if (e == PeerConnection.CLOSED) {
                r.closed = true;
                return;
            }
            if (e.getRoundId() == next.roundId) {
                return;
            }
            if (e.hasSecagg() && e.getRoundId() == r.roundId) {
                r.fromParticipant.add(e.getSecagg());
            }
            if (e.hasError()) {
                r.error = e.getError();
            }
        }
    }

    /** Runs every check, reporting each result as it is known; true if all passed. */
    public boolean runAll(Consumer<CheckResult> report) {
        List<CheckResult> results = new ArrayList<>();
        for (ParticipantChecks.Check c : new ParticipantChecks(this).all()) {
            CheckResult result = runOne(c.name(), c::run);
            results.add(result);
            report.accept(result);
        }
        return results.stream().allMatch(CheckResult::passed);
    }

    /** Runs the check named {@code check} (PROTOCOL.md, section 11) alone. */
    public CheckResult run(String check) {
        ParticipantChecks.Check c = new ParticipantChecks(this)
                .all().stream()
                        .filter(x -> x.name().equals(check))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no participant check " + check));
        return runOne(c.name(), c::run);
    }

    /**
     * The reused-round-id check with the participant restarted between its round and the reuse of
     * that round's id: {@code restart} stops it and starts it again on the same state, and the
     * kit waits for the new connection. Its round ledger must have survived.
     */
    public CheckResult reusedRoundIdAfterRestart(Restart restart) {
        String name = ParticipantDifferencingChecks.REUSED_ROUND_ID;
        return runOne(name, () -> {
            String failure = new ParticipantDifferencingChecks(this).reusedRoundId(() -> {
                restart.run();
                current = null; // the old connection may not have closed on this side yet
            });
            return failure == null ? CheckResult.pass(name) : CheckResult.fail(name, failure);
        });
    }

    /** Stops the participant under test and starts it again on the same state; nothing for a plain run. */
    public interface Restart {
        void run() throws Exception;
    }

    private interface Body {
        CheckResult run() throws Exception;
    }

    private static CheckResult runOne(String name, Body body) {
        try {
            return body.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(name, "interrupted");
        } catch (Exception | AssertionError e) {
            return CheckResult.fail(name, "the kit failed: " + e);
        }
    }

    /**
     * Listens on {@code host:port} with the federation's coordinator credentials; the kit's cohort
     * members get certificates from the federation CA (FED/ca, on the operator's machine).
     */
    public static KitServerHandle listen(org.fedvae.coordinator.enrol.FederationDirectory fed, String host, int port)
            throws java.io.IOException, InterruptedException {
        KitCredentials credentials = KitCredentials.load(fed);
        return new KitServerHandle(new KitServer(fed, host, port), credentials);
    }

    /** The listening kit, before any participant connected. */
    public static final class KitServerHandle implements AutoCloseable {
        private final KitServer server;
        private final KitCredentials credentials;

        private KitServerHandle(KitServer server, KitCredentials credentials) {
            this.server = server;
            this.credentials = credentials;
        }

        public int port() {
            return server.port();
        }

        public ParticipantKit kit(ModelParameters model, Duration wait, long firstRound) {
            return new ParticipantKit(server, credentials, model, wait, firstRound, false);
        }

        /**
         * The kit for a participant with a client-level DP budget, which declines every round without DP: it runs
         * the client-level DP checks only, with the over-budget round among them.
         */
        public ParticipantKit clientDpKit(ModelParameters model, Duration wait, long firstRound) {
            return new ParticipantKit(server, credentials, model, wait, firstRound, true);
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
