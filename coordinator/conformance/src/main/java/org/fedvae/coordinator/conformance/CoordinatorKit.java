package org.fedvae.coordinator.conformance;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.transport.Endpoint;

/**
 * The coordinator side of the kit: a set of enrolled participants, honest and misbehaving, that
 * connect to the coordinator under test and run {@link CoordinatorChecks} against it. The
 * coordinator must take all of them, and only them, into each round (e.g. {@code serve
 * --min-participants N} with N kit ids and nobody else connected) and run enough rounds.
 */
public final class CoordinatorKit implements AutoCloseable {

    final List<KitParticipant> participants = new ArrayList<>();
    final BlockingDeque<KitParticipant.Event> events = new LinkedBlockingDeque<>();
    final Duration wait;
    private final EventLoopGroup group;
    /** The last round id the kit saw started; a round check waits for a newer one. */
    long lastRound;
    /** The final model, when a FederationComplete went by while the kit waited for something else. */
    private ModelParameters finalModel;

    /** What a round's participants saw, per participant. */
    static final class Seen {
        KitParticipant.Event roundEnd;
        KitParticipant.Event error;
        boolean unmaskingRequest;
        boolean closed;
        KitParticipant.Update update;

        boolean done() {
            return roundEnd != null || closed;
        }
    }

    public CoordinatorKit(
            FederationDirectory fed, List<String> ids, String host, int port, String coordinatorName, Duration wait)
            throws IOException {
        if (ids.size() < 4) {
            throw new IllegalArgumentException(
                    "the kit needs at least 4 enrolled participant ids (a dropout must leave a threshold)");
        }
        this.wait = wait;
        this.group = new Endpoint.Tcp(host, port).newEventLoopGroup(1, "conformance-participants");
        for (String id : ids) {
            participants.add(new KitParticipant(id, fed.participant(id), host, port, coordinatorName, group, events));
        }
    }

    /** Runs every check, reporting each result as soon as it is known; true if all passed. */
    public boolean runAll(Consumer<CheckResult> report) {
        List<CheckResult> results = new ArrayList<>();
        Consumer<CheckResult> both = r -> {
            results.add(r);
            report.accept(r);
        };
        try {
            new CoordinatorChecks(this).runAll(both);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            both.accept(CheckResult.fail("coordinator.kit", "interrupted"));
        } catch (Exception | AssertionError e) {
            both.accept(CheckResult.fail("coordinator.kit", "the kit failed: " + e));
        }
        return !results.isEmpty() && results.stream().allMatch(CheckResult::passed);
    }

    /** Connects every participant that is not connected; null when all are, else why not. */
    String connectAll() throws InterruptedException {
        for (KitParticipant p : participants) {
            // A refusal as a duplicate means the coordinator has not yet noticed this id's previous
            // connection close (the kit just saw it end): try again a few times.
            String problem = null;
            for (int attempt = 0; attempt < 50 && !p.connected(); attempt++) {
                problem = p.connect(wait.toSeconds());
                if (problem == null || !problem.contains("DUPLICATE_PARTICIPANT")) {
                    break;
                }
                Thread.sleep(100);
            }
            if (problem != null) {
                return p.id + ": " + problem;
            }
        }
        return null;
    }

    /**
     * The next event of a participant's current connection, or null after the wait. A
     * FederationComplete counts from any connection: the coordinator closes the connection after
     * it, so the kit may already have reconnected that participant when it reads the message.
     */
    KitParticipant.Event next() throws InterruptedException {
        while (true) {
            KitParticipant.Event e = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null
                    || e.generation() == e.from().generation
                    || e.kind() == KitParticipant.Kind.FEDERATION_COMPLETE) {
                return e;
            }
        }
    }

    /**
     * Waits for a round newer than the last to start for every participant and to end for each
     * (RoundEnd, or its connection closed); null if that did not happen within the waits.
     * {@code onStart} gets the first RoundStart's global model (the previous round's result).
     */
    Map<KitParticipant, Seen> playRound(Consumer<ModelParameters> onStart) throws InterruptedException {
        Map<KitParticipant, Seen> seen = new HashMap<>();
        participants.forEach(p -> seen.put(p, new Seen()));
        long round = -1;
        int started = 0;
        // Some participants may be in the next round before all saw this one end: keep those events.
        List<KitParticipant.Event> later = new ArrayList<>();
        while (started < participants.size() || !seen.values().stream().allMatch(Seen::done)) {
            KitParticipant.Event e = next();
            if (e == null) {
                return null;
            }
            if (round >= 0 && e.roundId() > round) {
                later.add(e);
                continue;
            }
            Seen s = seen.get(e.from());
            switch (e.kind()) {
                case ROUND_START -> {
                    if (e.roundId() > lastRound && (round < 0 || e.roundId() == round)) {
                        if (round < 0) {
                            round = e.roundId();
                            onStart.accept(e.from().updates.get(round).global());
                        }
                        s.update = e.from().updates.get(round);
                        started++;
                    }
                }
                case ROUND_END -> {
                    if (e.roundId() == round) {
                        s.roundEnd = e;
                    }
                }
                case ERROR -> s.error = e;
                case UNMASKING_REQUEST -> s.unmaskingRequest |= e.roundId() == round;
                case CLOSED -> s.closed = true;
                case FEDERATION_COMPLETE -> finalModel = finalModel(e);
                default -> {}
            }
        }
        lastRound = round;
        for (int i = later.size() - 1; i >= 0; i--) {
            events.addFirst(later.get(i));
        }
        return seen;
    }

    /** The global model the coordinator holds now: from the next RoundStart or FederationComplete. */
    ModelParameters nextModel() throws InterruptedException {
        if (finalModel != null) {
            return finalModel;
        }
        connectAll(); // needed for a further round to start; a FederationComplete may be queued already
        while (true) {
            KitParticipant.Event e = next();
            if (e == null) {
                return null;
            }
            if (e.kind() == KitParticipant.Kind.ROUND_START && e.roundId() > lastRound) {
                return e.from().updates.get(e.roundId()).global();
            }
            if (e.kind() == KitParticipant.Kind.FEDERATION_COMPLETE) {
                return finalModel(e);
            }
        }
    }

    private static ModelParameters finalModel(KitParticipant.Event e) {
        return ModelParameters.fromProto(e.envelope().getFederationComplete().getFinalModel());
    }

    @Override
    public void close() {
        participants.forEach(KitParticipant::disconnect);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
