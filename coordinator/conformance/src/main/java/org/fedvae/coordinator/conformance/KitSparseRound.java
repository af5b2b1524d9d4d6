package org.fedvae.coordinator.conformance;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedvae.coordinator.federation.EncodingPlanner;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.SecAggRoundConfig;
import org.fedvae.protocol.secagg.CoordinatorStep;
import org.fedvae.protocol.secagg.Outgoing;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.secagg.graph.GraphParameters;
import org.fedvae.protocol.secagg.graph.GraphRule;
import org.fedvae.protocol.transport.Envelopes;

/**
 * One SecAgg+ round of the kit (PROTOCOL.md 3.1) up to the participant's ShareKeys: the cohort is the participant
 * under test and {@link #KIT_MEMBERS} kit members ({@link ParticipantKit#sparseCohort}), so the round runs the sparse
 * graph with {@link GraphRule#DEFAULT}'s degree and threshold. The kit members only advertise keys: the checks need
 * the participant's answer to the key list, not a finished round, which would cost the kit 255 members' masking.
 */
final class KitSparseRound {

    /** The smallest cohort on the sparse graph, less the participant under test. */
    static final int KIT_MEMBERS = GraphRule.COMPLETE_GRAPH_MAX_COHORT;

    final PeerConnection peer;
    final long roundId;
    final RoundConfig config;
    final int selfId;
    private final KitCohort cohort;
    private final ModelParameters model;
    private final KitCredentials credentials;
    private final SecAggCoordinator coordinator;

    /** Everything the participant sent in this round's secure aggregation, in order. */
    final List<SecAggMessage> fromParticipant = new ArrayList<>();

    String declined;
    ErrorMessage error;
    boolean closed;
    boolean timedOut;

    KitSparseRound(
            PeerConnection peer, KitCohort cohort, ModelParameters model, long roundId, KitCredentials credentials)
            throws SecAggViolation {
        this.peer = peer;
        this.cohort = cohort;
        this.model = model;
        this.roundId = roundId;
        this.credentials = credentials;
        this.selfId = cohort.selfId;
        int n = cohort.names.size();
        GraphParameters g = GraphRule.DEFAULT.forCohort(n).orElseThrow();
        EncodingConfig encoding = EncodingPlanner.plan(n, KitRound.CLIP, KitRound.MAX_WEIGHT);
        this.config = RoundConfig.sparse(
                roundId, g.degree(), g.threshold(), model.size(), encoding, cohort.publicKeys, GraphRule.DEFAULT);
        this.coordinator = new SecAggCoordinator(config);
    }

    /** Sends the round start with {@code secagg} as its configuration: {@code config.toProto()} unless a check lies. */
    KitSparseRound start(SecAggRoundConfig secagg) {
        Envelope honest = KitRoundStart.envelope(
                config, roundId, model, cohort.names, cohort.certificates, credentials.revocationList());
        peer.send(honest.toBuilder()
                .setRoundStart(honest.getRoundStart().toBuilder().setSecagg(secagg))
                .build());
        return this;
    }

    /**
     * Reads the participant's frames until it sends a {@code wanted} message in this round (returned), or aborts,
     * declines, errs, closes or sends nothing for {@code wait} (null).
     */
    SecAggMessage await(SecAggMessage.BodyCase wanted, Duration wait) throws InterruptedException {
        while (participantAbort() == null && declined == null && error == null) {
            Envelope e = peer.next(wait);
            if (e == null) {
                timedOut = true;
                return null;
            }
            if (e == PeerConnection.CLOSED) {
                closed = true;
                return null;
            }
            if (e.getRoundId() != roundId) {
                continue; // a late frame of an abandoned round
            }
            switch (e.getBodyCase()) {
                case SECAGG -> {
                    fromParticipant.add(e.getSecagg());
                    if (e.getSecagg().getBodyCase() == wanted) {
                        return e.getSecagg();
                    }
                }
                case ERROR -> error = e.getError();
                case ROUND_DECLINE -> declined = e.getRoundDecline().getReason();
                default -> {}
            }
        }
        return null;
    }

    /**
     * Stage 1 closed honestly: the kit members advertise fresh keys, the kit's coordinator machine takes them and
     * the participant's {@code advertised}, and returns the key list it sends the participant.
     *
     * @throws SecAggViolation naming why the machine refused the participant's AdvertiseKeys
     */
    SecAggMessage keyList(SecAggMessage advertised, SecureRandom random) throws SecAggViolation {
        List<Outgoing> out = new ArrayList<>(accept(advertised).messages());
        for (Map.Entry<Integer, byte[]> member : cohort.privateKeys.entrySet()) {
            SecAggParticipant machine = new SecAggParticipant(config, member.getKey(), member.getValue(), random);
            for (SecAggMessage m : machine.start()) {
                out.addAll(coordinator.handle(m).messages());
            }
        }
        return out.stream()
                .filter(o -> o.recipientId() == selfId && o.message().hasKeyList())
                .map(Outgoing::message)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the kit's coordinator sent no key list: "
                        + coordinator.abortReason().map(Abort::getDetail).orElse("stage " + coordinator.stage())));
    }

    /**
     * What the kit's coordinator machine makes of a message of the participant (it checks, among other things, a
     * ShareKeys' ciphertexts against the ring and its signed commitments against the neighbourhood).
     *
     * @throws SecAggViolation naming why it refused the message
     */
    CoordinatorStep accept(SecAggMessage fromParticipant) throws SecAggViolation {
        CoordinatorStep step = coordinator.handle(fromParticipant);
        if (step.rejected()) {
            throw new SecAggViolation(
                    step.rejection().get().reason(), step.rejection().get().detail());
        }
        return step;
    }

    void send(SecAggMessage m) {
        peer.send(Envelopes.newEnvelope("", roundId).setSecagg(m).build());
    }

    /** The participant's own Abort in this round, if it sent one. */
    Abort participantAbort() {
        return fromParticipant.stream()
                .filter(SecAggMessage::hasAbort)
                .map(SecAggMessage::getAbort)
                .findFirst()
                .orElse(null);
    }

    /** What the round ended in, for a failure message. */
    String why() {
        Abort a = participantAbort();
        if (a != null) {
            return "the participant aborted: " + a.getReason() + " " + a.getDetail();
        }
        if (error != null) {
            return "the participant sent error " + error.getCode() + ": " + error.getMessage();
        }
        if (declined != null) {
            return "the participant declined: " + declined;
        }
        if (closed) {
            return "the participant closed the connection";
        }
        return timedOut ? "the participant sent nothing within the kit's wait limit" : "no answer yet";
    }
}
