package org.fedvae.coordinator.conformance;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.protocol.cohort.CohortCertificates;
import org.fedvae.protocol.cohort.CohortRefused;
import org.fedvae.protocol.cohort.RevocationList;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.RoundDecline;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.secagg.graph.GraphPolicy;
import org.fedvae.protocol.secagg.graph.GraphRule;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.PemFiles;
import org.fedvae.protocol.transport.TlsContexts;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.protocol.transport.TransportPipeline;

/**
 * A participant made of the protocol pieces (random updates, no VAE) that connects to the kit
 * over mutual TLS and keeps reconnecting. Honest, it declines a round id not newer than the last
 * it took part in and a sparse graph weaker than the default parameter rule, authenticates its
 * cohort and draws its update from fresh randomness; a
 * {@link Flaw} leaves out one of its checks, so that the kit must catch it.
 */
final class KitTestParticipant implements AutoCloseable {

    /** The one thing this participant gets wrong, if any. */
    enum Flaw {
        NONE,
        /**
         * Where its machine aborts for a bad signature, an inconsistent set or a reveal conflict,
         * it answers as if the check had passed.
         */
        IGNORES_MACHINE_CHECKS,
        /** It takes part in any cohort without authenticating its members. */
        SKIPS_COHORT_CHECK,
        /** Its update is a function of the plan seed and the model: a coordinator can repeat it. */
        STEERABLE_TRAINING,
        /** It keeps no round ledger and takes part in a round id it already took part in. */
        REUSES_ROUND_IDS,
        /** It takes part in any client-level DP round without checking its declaration (PROTOCOL.md 7.1). */
        IGNORES_CLIENT_DP,
        /** It checks a sparse graph's structure only, not the parameter rule: it accepts any even degree (3.1). */
        IGNORES_GRAPH_RULE,
        /** In a sparse round it deals one ciphertext too many, to a member of U1 that is not its neighbour. */
        DEALS_TO_A_NON_NEIGHBOUR,
        /** Not a protocol flaw: it keeps the transport's default n_max of 255, so it stays out of sparse rounds. */
        COMPLETE_GRAPH_ONLY
    }

    private final String id;
    private final CredentialFiles files;
    private final byte[] identityKey;
    private final Endpoint.Tcp endpoint;
    private final EventLoopGroup group;
    private final Flaw flaw;
    private final KitTestClientDp clientDp;

    private final X509Certificate ca;
    private long highestRevocationList;
    private long lastRoundId;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean stopped;
    private SecAggParticipant machine;
    private long roundId;

    KitTestParticipant(FederationDirectory fed, String id, int port, EventLoopGroup group, Flaw flaw) throws Exception {
        this(fed, id, port, group, flaw, 0);
    }

    KitTestParticipant(
            FederationDirectory fed, String id, int port, EventLoopGroup group, Flaw flaw, double minNoiseMultiplier)
            throws Exception {
        this.clientDp = new KitTestClientDp(minNoiseMultiplier);
        this.id = id;
        this.files = fed.participant(id);
        this.identityKey = IdentityKeys.readIdentityKey(files);
        this.endpoint = new Endpoint.Tcp("127.0.0.1", port);
        this.group = group;
        this.flaw = flaw;
        this.ca = PemFiles.readCertificate(files.caCertificate());
        connect();
    }

    private void connect() throws Exception {
        if (stopped) {
            return;
        }
        Channel ch = new Bootstrap()
                .group(group)
                .channel(endpoint.channelType())
                .handler(TransportPipeline.client(
                        // n_max 256: it takes part in the kit's sparse rounds (PROTOCOL.md 11), as ours with
                        // --max-cohort 256.
                        flaw == Flaw.COMPLETE_GRAPH_ONLY
                                ? TransportLimits.DEFAULTS
                                : TransportLimits.DEFAULTS.withMaxCohort(KitSparseRound.KIT_MEMBERS + 1),
                        TlsContexts.client(files),
                        "localhost",
                        endpoint.port(),
                        id,
                        "kit-test",
                        Handler::new))
                .connect(endpoint.address())
                .channel();
        // Reconnect after every close, as a participant does (the transport checks close the connection).
        ch.closeFuture()
                .addListener(f -> group.schedule(
                        () -> {
                            try {
                                connect();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        50,
                        java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        stopped = true;
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            Envelope e = (Envelope) msg;
            if (e.hasRoundStart()) {
                start(ctx.channel(), e.getRoundStart());
            } else if (e.hasSecagg() && machine != null && e.getRoundId() == roundId) {
                send(
                        ctx.channel(),
                        KitTestFlawedAnswers.answer(flaw, machine.id(), e.getSecagg(), machine.handle(e.getSecagg())));
            }
        }
    }

    private void start(Channel ch, RoundStart start) throws Exception {
        roundId = start.getSecagg().getRoundId();
        machine = null;
        RoundConfig config;
        try {
            // As the real participant: a sparse graph must pass this site's parameter rule (PROTOCOL.md 3.1).
            config = RoundConfig.fromProto(
                    start.getSecagg(),
                    flaw == Flaw.IGNORES_GRAPH_RULE ? GraphPolicy.STRUCTURE_ONLY : GraphRule.DEFAULT);
        } catch (SecAggViolation v) {
            decline(ch, "unsafe round configuration: " + v.getMessage());
            return;
        }
        int self = start.getCohortList().stream()
                .filter(c -> c.getParticipantId().equals(id))
                .mapToInt(CohortEntry::getSecaggId)
                .findFirst()
                .orElseThrow();
        if (flaw != Flaw.REUSES_ROUND_IDS && Long.compareUnsigned(roundId, lastRoundId) <= 0) {
            decline(ch, "round " + roundId + " is not newer than round " + lastRoundId);
            return;
        }
        if (flaw != Flaw.SKIPS_COHORT_CHECK) {
            try {
                RevocationList crl = CohortCertificates.verify(start, config, ca, highestRevocationList, Instant.now());
                highestRevocationList = Math.max(highestRevocationList, crl.number());
            } catch (CohortRefused refused) {
                decline(ch, refused.getMessage());
                return;
            }
        }
        String dpRefusal = flaw == Flaw.IGNORES_CLIENT_DP ? null : clientDp.refusal(start, config);
        if (dpRefusal != null) {
            decline(ch, dpRefusal);
            return;
        }
        lastRoundId = Math.max(lastRoundId, roundId);
        machine = new SecAggParticipant(config, self, identityKey, random);
        // Training randomness: fresh, or (flawed) a function of what the coordinator sent.
        Random training = flaw == Flaw.STEERABLE_TRAINING
                ? new Random(start.getTraining().getSeed() * 31
                        + start.getGlobalModel().hashCode())
                : new Random(random.nextLong());
        float[] delta = new float[config.vectorLength()];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) (training.nextGaussian() * 0.01);
        }
        List<SecAggMessage> out = new ArrayList<>(machine.start());
        out.addAll(machine.submitEncodedInput(
                UpdateEncoder.encode(delta, 20, config.encoding(), new Random(random.nextLong()))
                        .words()));
        send(ch, out);
    }

    private void decline(Channel ch, String reason) {
        ch.writeAndFlush(Envelopes.newEnvelope(id, roundId)
                .setRoundDecline(RoundDecline.newBuilder().setReason(reason))
                .build());
    }

    private void send(Channel ch, List<SecAggMessage> messages) {
        for (SecAggMessage m : messages) {
            ch.writeAndFlush(Envelopes.newEnvelope(id, roundId).setSecagg(m).build());
        }
    }
}
