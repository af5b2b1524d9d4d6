package org.fedvae.coordinator.federation;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.encoding.ddp.AesCtrBits;
import org.fedvae.protocol.encoding.ddp.ClientDpWire;
import org.fedvae.protocol.encoding.ddp.DdpEncoder;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.encoding.ddp.RotationSeed;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.PlainUpdate;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.secagg.WordCodec;
import org.fedvae.protocol.transport.Envelopes;

/**
 * A participant for {@link MachineHarness}: the real {@link SecAggParticipant} with a small
 * seeded random update, and no network. What the coordinator sends it queues in {@link #inbox};
 * {@link #handle} answers one envelope. It can go silent from a stage on.
 */
final class MachineSite {

    final String id;
    final Ed25519KeyPair identity = Ed25519KeyPair.generate(new SecureRandom());
    /** Stands for its certificate: the machine passes it to the cohort without reading it. */
    final byte[] certificate;

    final Deque<Envelope> inbox = new ArrayDeque<>();
    final List<Envelope> received = new ArrayList<>();
    final Map<Long, int[]> encodedByRound = new TreeMap<>();
    final Map<Long, RoundConfig> configByRound = new TreeMap<>();
    final Map<Long, DdpParameters> clientDpByRound = new TreeMap<>();
    boolean connected;
    /** From this stage on it sends nothing (null: never silent). */
    SecAggStage silentFrom;
    /** Whether going silent also closes its connection (else the deadline has to pass). */
    boolean disconnectsWhenSilent;
    /** What a deviating coordinator hands this site instead of the round start the others get (identity: none). */
    java.util.function.UnaryOperator<RoundStart> toldInstead = java.util.function.UnaryOperator.identity();

    private SecAggParticipant machine;
    private long roundId;

    MachineSite(String id) {
        this.id = id;
        this.certificate = ("certificate of " + id).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    MachineSite silentFrom(SecAggStage stage, boolean disconnects) {
        this.silentFrom = stage;
        this.disconnectsWhenSilent = disconnects;
        return this;
    }

    /** Whether the site's script holds {@code reply} back. */
    boolean withholds(Envelope reply) {
        return silentFrom != null && stageOf(reply).ordinal() >= silentFrom.ordinal();
    }

    /** The stage a participant's envelope belongs to; the update (masked or plain) is MASKED_INPUT's. */
    static SecAggStage stageOf(Envelope e) {
        return switch (e.getBodyCase()) {
            case LOCAL_REPORT, ROUND_DECLINE -> SecAggStage.ADVERTISE_KEYS;
            case PLAIN_UPDATE -> SecAggStage.MASKED_INPUT;
            case SECAGG ->
                switch (e.getSecagg().getBodyCase()) {
                    case ADVERTISE_KEYS -> SecAggStage.ADVERTISE_KEYS;
                    case SHARE_KEYS -> SecAggStage.SHARE_KEYS;
                    case MASKED_INPUT -> SecAggStage.MASKED_INPUT;
                    case CONSISTENCY_CHECK_SIGNATURE -> SecAggStage.CONSISTENCY_CHECK;
                    default -> SecAggStage.UNMASKING;
                };
            default -> throw new IllegalArgumentException("not a participant message: " + e.getBodyCase());
        };
    }

    /** Envelopes of one kind this site received, in order. */
    List<Envelope> received(Envelope.BodyCase kind) {
        return received.stream().filter(e -> e.getBodyCase() == kind).toList();
    }

    /** The answers to one envelope from the coordinator. */
    List<Envelope> handle(Envelope e) {
        received.add(e);
        return switch (e.getBodyCase()) {
            case ROUND_START -> start(toldInstead.apply(e.getRoundStart()));
            case SECAGG -> machine == null ? List.of() : wrap(machine.handle(e.getSecagg()));
            default -> List.of();
        };
    }

    Envelope.Builder envelope() {
        return Envelopes.newEnvelope(id, roundId);
    }

    private List<Envelope> start(RoundStart start) {
        RoundConfig config;
        try {
            config = RoundConfig.fromProto(start.getSecagg());
        } catch (SecAggViolation v) {
            throw new AssertionError(v);
        }
        roundId = config.roundId();
        configByRound.put(roundId, config);
        int self = start.getCohortList().stream()
                .filter(c -> c.getParticipantId().equals(id))
                .mapToInt(CohortEntry::getSecaggId)
                .findFirst()
                .orElseThrow();
        Random r = new Random(id.hashCode() * 31L + roundId);
        DdpParameters dp = start.hasClientDp() ? ClientDpWire.fromProto(start.getClientDp()) : null;
        float[] delta = new float[dp == null ? config.vectorLength() : dp.dimension()];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) (r.nextGaussian() * 0.01);
        }
        // The evaluation (loss 100 + length of the id, 10 test images) rides in the vector's trailer words.
        EncodedUpdate enc = dp == null
                ? UpdateEncoder.encode(
                        delta,
                        10 + Math.abs(id.hashCode() % 50),
                        new LocalEvaluation(100 + id.length(), 10),
                        config.encoding(),
                        r::nextDouble)
                : DdpEncoder.encode(
                        delta,
                        dp,
                        RotationSeed.of(roundId, config.digest()),
                        new LocalEvaluation(100 + id.length(), 10),
                        config.encoding(),
                        AesCtrBits.derived("machine-site", id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (dp != null) {
            clientDpByRound.put(roundId, dp);
        }
        encodedByRound.put(roundId, enc.words());
        List<Envelope> out = new ArrayList<>();
        if (start.getSecureAggregation()) {
            machine = new SecAggParticipant(config, self, identity.privateKey(), new SecureRandom());
            out.addAll(wrap(machine.start()));
            out.addAll(wrap(machine.submitEncodedInput(enc.words())));
        } else {
            machine = null;
            out.add(envelope()
                    .setPlainUpdate(PlainUpdate.newBuilder().setWordsLe(WordCodec.pack(enc.words())))
                    .build());
        }
        return out;
    }

    private List<Envelope> wrap(List<SecAggMessage> messages) {
        return messages.stream().map(m -> envelope().setSecagg(m).build()).toList();
    }
}
