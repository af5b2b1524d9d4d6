package org.fedvae.coordinator.conformance;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedvae.coordinator.federation.EncodingPlanner;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage;
import org.fedvae.protocol.proto.RoundEnd;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.CoordinatorStep;
import org.fedvae.protocol.secagg.Outgoing;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.transport.Envelopes;

/**
 * One secure-aggregation round between the participant under test and the kit, acting as the
 * coordinator ({@link SecAggCoordinator}) and as the other cohort members ({@link KitMembers}: real
 * participant machines with random updates, and certificates the kit issues with the federation CA). A {@link Lie} may
 * replace what the coordinator tells the participant; the first {@code vanishCount} kit members
 * disappear right after advertising their keys.
 */
final class KitRound {

    static final int KIT_MEMBERS = 3;
    static final float CLIP = 1.0f;
    static final int MAX_WEIGHT = 10_000;

    /** Rewrites the coordinator's messages to the participant under test; honest by default. */
    interface Lie {
        Lie NONE = new Lie() {};

        /** What to send the participant instead of the honest round start. */
        default Envelope roundStart(Envelope honest, KitRound round) {
            return honest;
        }

        /** What to send the participant instead of the honest {@code m} (in order). */
        default List<SecAggMessage> toParticipant(SecAggMessage m, KitRound round) {
            return List.of(m);
        }
    }

    final PeerConnection peer;
    final long roundId;
    final RoundConfig config;
    final int selfId;
    final SecAggCoordinator coordinator;
    final ModelParameters model;
    private final Lie lie;
    private final KitMembers kit;
    /** The kit members that disappear right after advertising their keys. */
    final Set<Integer> vanishing;

    private final Set<Integer> vanished = new HashSet<>();
    private final Deque<Outgoing> pending = new ArrayDeque<>();
    final List<String> cohortNames;
    private final KitCohort cohort;
    private final KitCredentials credentials;

    /** Everything the participant sent in this round's secure aggregation, in order. */
    final List<SecAggMessage> fromParticipant = new ArrayList<>();
    /** Everything the kit sent the participant (after the lie), in order. */
    final List<SecAggMessage> toParticipant = new ArrayList<>();

    ErrorMessage error;
    String declined;
    boolean closed;
    boolean timedOut;
    boolean sentLocalReport; // protocol version 1's per-site numbers in plain: forbidden in version 2 (section 7)
    /** Whether {@link #run} tells the participant the round ended; a lie after the end must come before that. */
    private boolean announceEnd = true;
    /** The training plan's seed in the RoundStart: the round id unless a check steers it. */
    private long planSeed;

    KitRound(
            PeerConnection peer,
            ModelParameters model,
            long roundId,
            int vanishCount,
            Lie lie,
            KitCredentials credentials)
            throws SecAggViolation {
        this.peer = peer;
        this.model = model;
        this.roundId = roundId;
        this.lie = lie;
        this.credentials = credentials;
        SecureRandom random = new SecureRandom();
        this.cohort = new KitCohort(peer, credentials, KIT_MEMBERS, random);
        this.cohortNames = cohort.names;
        this.selfId = cohort.selfId;
        int n = cohortNames.size();
        EncodingConfig encoding = EncodingPlanner.plan(n, CLIP, MAX_WEIGHT);
        this.config =
                RoundConfig.of(roundId, RoundConfig.defaultThreshold(n), model.size(), encoding, cohort.publicKeys);
        this.coordinator = new SecAggCoordinator(config);
        this.kit = new KitMembers(config, cohort, vanishCount, random);
        this.vanishing = kit.vanishing;
        this.planSeed = roundId;
    }

    /** Keeps the round open on the participant's side after the machine ends it. */
    KitRound withoutRoundEnd() {
        announceEnd = false;
        return this;
    }

    /** Sends {@code seed} as the training plan's seed, whatever the round id. */
    KitRound withPlanSeed(long seed) {
        planSeed = seed;
        return this;
    }

    /** Sends the RoundStart and lets the kit members advertise their keys and submit their updates. */
    KitRound start() {
        peer.send(roundStartEnvelope());
        kit.start().forEach(this::fromKit);
        drain();
        return this;
    }

    Envelope roundStartEnvelope() {
        Envelope honest = KitRoundStart.envelope(
                config, planSeed, model, cohortNames, cohort.certificates, credentials.revocationList());
        return lie.roundStart(honest, this);
    }

    /**
     * Plays the round until the coordinator machine ends it, the participant aborts, declines,
     * errs or closes, or nothing arrives for {@code wait}.
     */
    KitRound run(Duration wait) throws InterruptedException {
        while (!coordinator.stage().isTerminal() && participantAbort() == null && !stopped()) {
            if (!receive(wait)) {
                return this;
            }
        }
        if (announceEnd && coordinator.stage().isTerminal() && !closed) {
            peer.send(Envelopes.newEnvelope("", roundId)
                    .setRoundEnd(RoundEnd.newBuilder()
                            .setCompleted(coordinator.stage() == SecAggStage.COMPLETED)
                            .setSurvivors(coordinator.survivors().map(Set::size).orElse(0)))
                    .build());
        }
        return this;
    }

    /** Reads one frame of the participant and handles it; false once nothing more will come. */
    boolean receive(Duration wait) throws InterruptedException {
        Envelope e = peer.next(wait);
        if (e == null) {
            timedOut = true;
            return false;
        }
        if (e == PeerConnection.CLOSED) {
            closed = true;
            return false;
        }
        switch (e.getBodyCase()) {
            case SECAGG -> {
                if (e.getRoundId() == roundId) {
                    fromParticipant.add(e.getSecagg());
                    if (!coordinator.stage().isTerminal()) {
                        enqueue(coordinator.handle(e.getSecagg()));
                        drain();
                    }
                }
            }
            case ERROR -> error = e.getError();
            case ROUND_DECLINE -> declined = e.getRoundDecline().getReason();
            case LOCAL_REPORT -> sentLocalReport = true;
            default -> {}
        }
        return true;
    }

    private boolean stopped() {
        return closed || error != null || declined != null;
    }

    /** The participant's own Abort in this round, if it sent one. */
    Abort participantAbort() {
        return fromParticipant.stream()
                .filter(SecAggMessage::hasAbort)
                .map(SecAggMessage::getAbort)
                .findFirst()
                .orElse(null);
    }

    /** The participant's encoded update recovered from the unmasked sum (completed rounds only). */
    int[] participantWords() {
        return kit.subtractFrom(
                coordinator.unmaskedSum().orElseThrow(), coordinator.survivors().orElseThrow());
    }

    /**
     * Sends the participant a message in this round's envelope, whatever round the message itself
     * names: a replay would come that way, since anyone on the path can rewrite an envelope.
     */
    void sendToParticipant(SecAggMessage m) {
        toParticipant.add(m);
        peer.send(Envelopes.newEnvelope("", roundId).setSecagg(m).build());
    }

    private void fromKit(SecAggMessage m) {
        if (!coordinator.stage().isTerminal()) {
            enqueue(coordinator.handle(m));
        }
    }

    private void enqueue(CoordinatorStep step) {
        pending.addAll(step.messages());
    }

    /** Delivers the coordinator's messages until none is left (kit members answer at once). */
    private void drain() {
        while (!pending.isEmpty()) {
            Outgoing o = pending.poll();
            int to = o.recipientId();
            if (to == selfId) {
                lie.toParticipant(o.message(), this).forEach(this::sendToParticipant);
            } else if (vanishing.contains(to)) {
                if (vanished.add(to)) {
                    enqueue(coordinator.participantLeft(to)); // a disconnect, as the round layer reports it
                }
            } else {
                kit.handle(to, o.message()).forEach(this::fromKit);
            }
        }
    }
}
