package org.fedvae.coordinator.conformance;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.enrol.AllowlistFile;
import org.fedvae.coordinator.enrol.CertificateAuthenticator;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.coordinator.federation.EncodingPlanner;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.FederationComplete;
import org.fedvae.protocol.proto.RoundEnd;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.RoundTimeouts;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.TrainingPlan;
import org.fedvae.protocol.proto.UnmaskingRequest;
import org.fedvae.protocol.secagg.CoordinatorStep;
import org.fedvae.protocol.secagg.Outgoing;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggCoordinator;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.ErrorReply;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.TlsContexts;
import org.fedvae.protocol.transport.TransportEvents;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.protocol.transport.TransportPipeline;

/**
 * A tiny coordinator on the real transport and {@link SecAggCoordinator} that runs rounds of
 * FedAvg with every connected participant once {@code members} are connected (all on one event
 * loop), with chosen rules deliberately broken ({@link Breakage}).
 */
final class BrokenCoordinator implements AutoCloseable {

    /** What this coordinator gets wrong. */
    enum Breakage {
        /** A message the machine rejects: the connection is closed without the ErrorMessage of 9.4. */
        NO_REFUSALS,
        /** A round below threshold at the consistency check still sends an UnmaskingRequest. */
        UNMASK_BELOW_THRESHOLD,
        /** A completed round leaves the model as it was (no FedAvg step). */
        NO_AGGREGATE
    }

    private final Set<Breakage> broken;

    private final EventLoopGroup group;
    private final Channel server;
    private final int members;
    private final int rounds;
    private final Map<String, Channel> connected = new TreeMap<>();
    private final Map<String, byte[]> identity = new TreeMap<>();
    private ModelParameters model;
    private long roundId;
    private SecAggCoordinator machine;
    private List<String> cohort = List.of();

    BrokenCoordinator(FederationDirectory fed, ModelParameters model, int members, int rounds, Set<Breakage> broken)
            throws Exception {
        this.broken = Set.copyOf(broken);
        this.model = model;
        this.members = members;
        this.rounds = rounds;
        Endpoint.Tcp endpoint = new Endpoint.Tcp("127.0.0.1", 0);
        this.group = endpoint.newEventLoopGroup(1, "broken-coordinator");
        this.server = new ServerBootstrap()
                .group(group)
                .channel(endpoint.serverChannelType())
                .childHandler(TransportPipeline.server(
                        TransportLimits.DEFAULTS,
                        TlsContexts.server(fed.coordinator(), true),
                        new CertificateAuthenticator(new AllowlistFile(fed.allowlist())),
                        "broken",
                        Member::new))
                .bind(endpoint.address())
                .sync()
                .channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private final class Member extends ChannelInboundHandlerAdapter {
        private String id;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof TransportEvents.PeerAccepted a) {
                id = a.peer().participantId();
                connected.put(id, ctx.channel());
                identity.put(id, IdentityKeys.rawPublic(a.peer().identityKey()));
                maybeStart();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Envelope e = (Envelope) msg;
            if (machine == null || !e.hasSecagg() || e.getRoundId() != roundId || !cohort.contains(id)) {
                return;
            }
            CoordinatorStep step = machine.handle(e.getSecagg().toBuilder()
                    .setSenderId(cohort.indexOf(id) + 1)
                    .build());
            if (step.rejected() && broken.contains(Breakage.NO_REFUSALS)) {
                ctx.close();
            } else if (step.rejected()) {
                SecAggAbortReason r = step.rejection().orElseThrow().reason();
                ErrorReply.closeWith(
                        ctx.channel(),
                        r == SecAggAbortReason.INVALID_SIGNATURE
                                ? ErrorCode.BAD_SIGNATURE
                                : r == SecAggAbortReason.WRONG_ROUND ? ErrorCode.WRONG_ROUND : ErrorCode.WRONG_STAGE,
                        r.name());
            }
            route(step);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (id != null && connected.get(id) == ctx.channel()) {
                connected.remove(id);
                if (machine != null && cohort.contains(id)) {
                    route(machine.participantLeft(cohort.indexOf(id) + 1));
                }
            }
        }
    }

    private void maybeStart() {
        if (machine != null || connected.size() < members || roundId >= rounds) {
            return;
        }
        roundId++;
        cohort = new ArrayList<>(connected.keySet());
        Map<Integer, byte[]> keys = new TreeMap<>();
        RoundStart.Builder start = RoundStart.newBuilder();
        for (int i = 0; i < cohort.size(); i++) {
            keys.put(i + 1, identity.get(cohort.get(i)));
            start.addCohort(
                    CohortEntry.newBuilder().setParticipantId(cohort.get(i)).setSecaggId(i + 1));
        }
        try {
            RoundConfig config = RoundConfig.of(
                    roundId,
                    RoundConfig.defaultThreshold(cohort.size()),
                    model.size(),
                    EncodingPlanner.plan(cohort.size(), 1.0f, 10_000),
                    keys);
            machine = new SecAggCoordinator(config);
            start.setSecagg(config.toProto())
                    .setGlobalModel(model.toProto())
                    .setSecureAggregation(true)
                    .setTraining(TrainingPlan.newBuilder()
                            .setLocalEpochs(1)
                            .setLearningRate(1e-3)
                            .setBatchSize(32))
                    .setTimeouts(
                            RoundTimeouts.newBuilder().setKeyStageMillis(10_000).setTrainingMillis(10_000));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Envelope env = Envelopes.newEnvelope("", roundId).setRoundStart(start).build();
        cohort.forEach(id -> connected.get(id).writeAndFlush(env));
    }

    private void route(CoordinatorStep step) {
        for (Outgoing o : step.messages()) {
            send(cohort.get(o.recipientId() - 1), o.message());
        }
        if (!machine.stage().isTerminal()) {
            return;
        }
        boolean completed = machine.stage() == SecAggStage.COMPLETED;
        if (completed && !broken.contains(Breakage.NO_AGGREGATE)) {
            float[] v = model.toFlatArray();
            float[] avg = machine.averageUpdate().orElseThrow();
            for (int i = 0; i < v.length; i++) {
                v[i] += avg[i];
            }
            model = ModelParameters.of(model.spec(), v);
        } else if (!completed
                && broken.contains(Breakage.UNMASK_BELOW_THRESHOLD)
                && machine.abortedIn().orElseThrow() == SecAggStage.CONSISTENCY_CHECK) {
            for (String id : cohort) {
                send(
                        id,
                        SecAggMessage.newBuilder()
                                .setRoundId(roundId)
                                .setUnmaskingRequest(UnmaskingRequest.getDefaultInstance())
                                .build());
            }
        }
        Envelope end = Envelopes.newEnvelope("", roundId)
                .setRoundEnd(RoundEnd.newBuilder()
                        .setCompleted(completed)
                        .setSurvivors(machine.survivors().map(Set::size).orElse(0)))
                .build();
        cohort.stream()
                .filter(connected::containsKey)
                .forEach(id -> connected.get(id).writeAndFlush(end));
        machine = null;
        if (roundId >= rounds) {
            Envelope done = Envelopes.newEnvelope("", 0)
                    .setFederationComplete(
                            FederationComplete.newBuilder().setRounds(roundId).setFinalModel(model.toProto()))
                    .build();
            connected.values().forEach(ch -> ch.writeAndFlush(done));
            return;
        }
        maybeStart();
    }

    private void send(String id, SecAggMessage m) {
        Channel ch = connected.get(id);
        if (ch != null) {
            ch.writeAndFlush(Envelopes.newEnvelope("", roundId).setSecagg(m).build());
        }
    }
}
