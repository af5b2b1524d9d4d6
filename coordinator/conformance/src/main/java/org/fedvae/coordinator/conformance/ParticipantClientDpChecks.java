package org.fedvae.coordinator.conformance;

import com.google.protobuf.ByteString;
import org.fedvae.protocol.encoding.ddp.ClientDpDigest;
import org.fedvae.protocol.encoding.ddp.ClientDpWire;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.encoding.ddp.DdpPlanner;
import org.fedvae.protocol.proto.ClientDp;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * The kit's checks of a participant's client-level DP checks (PROTOCOL.md 7.1): it must decline, before it
 * advertises keys, a DP round that is not masked, whose noise counts on more contributors than the threshold, whose
 * parameters are not the ones the signed configuration binds, and (a participant with a client-level budget) one
 * whose noise is far beyond any sane budget. A participant that declines every DP round passes too: declining is safe.
 */
final class ParticipantClientDpChecks {

    static final String UNMASKED = "participant.client-dp-unmasked-refused";
    static final String ABOVE_THRESHOLD = "participant.client-dp-n-min-above-threshold-refused";
    static final String DIGEST_MISMATCH = "participant.client-dp-digest-mismatch-refused";
    static final String OVER_BUDGET = "participant.client-dp-over-budget-refused";

    /** L2 clip C of the kit's DP rounds. */
    static final double CLIP = 1.0;
    /** Noise on the sum, as a multiple of C, in the rounds whose only flaw is elsewhere: a generous noise level. */
    static final double NOISE_MULTIPLIER = 4.0;
    /** The over-budget round's multiplier: epsilon in the thousands per round, beyond any budget a site would set. */
    static final double TINY_NOISE_MULTIPLIER = 1e-3;

    private final ParticipantKit kit;

    ParticipantClientDpChecks(ParticipantKit kit) {
        this.kit = kit;
    }

    /** A DP round with secure_aggregation = false: one site's noise share protects nothing on its own. */
    String unmasked() throws Exception {
        return declined("an unmasked client-level DP round", (start, round) -> {
            DdpParameters p = plan(round, NOISE_MULTIPLIER, round.config.threshold());
            return dpStart(start, round, p, ClientDpWire.toProto(p)).setSecureAggregation(false);
        });
    }

    /** n_min = t + 1: as few as t shares may be unmasked, so the declared noise could be missing a share. */
    String aboveThreshold() throws Exception {
        return declined("a client-level DP round whose noise counts on threshold + 1 contributors", (start, round) -> {
            DdpParameters p = plan(round, NOISE_MULTIPLIER, round.config.threshold() + 1);
            return dpStart(start, round, p, ClientDpWire.toProto(p));
        });
    }

    /** The configuration binds the declared parameters; the round start carries a hundredth of the noise. */
    String digestMismatch() throws Exception {
        return declined("client-level DP parameters that differ from the configuration's client_dp_digest", (s, r) -> {
            DdpParameters bound = plan(r, NOISE_MULTIPLIER, r.config.threshold());
            ClientDp sent = ClientDpWire.toProto(bound).toBuilder()
                    .setNoiseStddev(bound.noiseStddev() / 100)
                    .build();
            return dpStart(s, r, bound, sent);
        });
    }

    /** Bound, masked, n_min = t, but noise sigma = C / 1000: beyond any client-level budget. */
    String overBudget() throws Exception {
        return declined("a client-level DP round with noise " + TINY_NOISE_MULTIPLIER + " C", (start, round) -> {
            DdpParameters p = plan(round, TINY_NOISE_MULTIPLIER, round.config.threshold());
            return dpStart(start, round, p, ClientDpWire.toProto(p));
        });
    }

    private interface StartLie {
        RoundStart.Builder apply(RoundStart honest, KitRound round) throws Exception;
    }

    private String declined(String what, StartLie lie) throws Exception {
        KitRound r = kit.round(0, new KitRound.Lie() {
            @Override
            public Envelope roundStart(Envelope honest, KitRound round) {
                try {
                    return honest.toBuilder()
                            .setRoundStart(lie.apply(honest.getRoundStart(), round))
                            .build();
                } catch (Exception e) {
                    throw new IllegalStateException("the kit could not build its DP round start: " + e, e);
                }
            }
        });
        if (r == null) {
            return "the participant did not connect";
        }
        r.start().run(kit.wait);
        if (r.fromParticipant.stream().anyMatch(SecAggMessage::hasAdvertiseKeys)) {
            return "it advertised keys (its masked update would follow) in " + what;
        }
        return r.declined == null ? "it did not decline " + what + ": " + ParticipantChecks.why(r) : null;
    }

    private DdpParameters plan(KitRound round, double multiplier, int minContributors) {
        DdpParameters p = DdpPlanner.plan(
                kit.model.size(),
                CLIP,
                multiplier * CLIP,
                round.config.threshold(),
                round.config.cohortSize(),
                DdpPlanner.DEFAULT_CLIPPING_PROBABILITY);
        return new DdpParameters(
                p.dimension(),
                p.blockSize(),
                p.clip(),
                p.scale(),
                p.noiseStddev(),
                minContributors,
                p.maxParticipants());
    }

    /** The round start of a DP round: the padded length masked, {@code bound} bound into the config, {@code sent} sent. */
    private static RoundStart.Builder dpStart(RoundStart honest, KitRound round, DdpParameters bound, ClientDp sent) {
        return honest.toBuilder()
                .setSecagg(round.config.toProto().toBuilder()
                        .setVectorLength(bound.paddedLength())
                        .setClientDpDigest(ByteString.copyFrom(ClientDpDigest.of(ClientDpWire.toProto(bound)))))
                .setClientDp(sent);
    }
}
