package org.fedvae.coordinator.conformance;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.Welcome;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.transport.ClientHandshakeHandler;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.PipelineNames;
import org.fedvae.protocol.transport.TlsContexts;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.protocol.transport.TransportPipeline;

/**
 * One of the kit's participants against the coordinator under test: the real transport and a
 * real {@link SecAggParticipant} with a random update, following a {@link Plan} per round that
 * may make it vanish at a stage or send a bad message. What it sees goes to the kit as events.
 */
final class KitParticipant {

    /** How this participant behaves in one round; the default is honest. */
    record Plan(SecAggMessage.BodyCase vanishOn, boolean badSignature, boolean replayAdvertise) {
        static final Plan HONEST = new Plan(SecAggMessage.BodyCase.BODY_NOT_SET, false, false);

        static Plan vanishOn(SecAggMessage.BodyCase body) {
            return new Plan(body, false, false);
        }
    }

    enum Kind {
        ROUND_START,
        ROUND_END,
        ERROR,
        CLOSED,
        FEDERATION_COMPLETE,
        UNMASKING_REQUEST
    }

    /** Something the coordinator did to this participant (on its connection number {@code generation}). */
    record Event(KitParticipant from, Kind kind, long roundId, Envelope envelope, int generation) {
        Event(KitParticipant from, Kind kind, long roundId, Envelope envelope) {
            this(from, kind, roundId, envelope, from.generation);
        }
    }

    /** Picks the plan of a round from its configuration and this participant's numeric id. */
    interface Planner {
        Plan plan(RoundConfig config, int selfId);
    }

    /** This participant's part in one round, for checking the aggregate. */
    record Update(long roundId, int secaggId, float[] delta, int weight, RoundConfig config, ModelParameters global) {}

    final String id;
    private final byte[] identityKey;
    private final SslContext tls;
    private final String coordinatorName;
    private final String host;
    private final int port;
    private final EventLoopGroup group;
    private final BlockingQueue<Event> events;
    private final SecureRandom random = new SecureRandom();
    /** Chooses this participant's plan from the round's configuration (set by the running check). */
    volatile Planner planner = (c, self) -> Plan.HONEST;
    /** Counts connections, so that the kit can tell an old connection's close from the current one's. */
    volatile int generation;

    private volatile Channel channel;
    // Touched on the event loop only.
    private SecAggParticipant machine;
    private Plan plan = Plan.HONEST;
    /** The round this participant is in (errors and closes are counted in it). */
    private volatile long roundId;

    private SecAggMessage lastAdvertise;
    /** This participant's update per round id, for checking the aggregate. */
    final Map<Long, Update> updates = new ConcurrentHashMap<>();

    KitParticipant(
            String id,
            CredentialFiles files,
            String host,
            int port,
            String coordinatorName,
            EventLoopGroup group,
            BlockingQueue<Event> events)
            throws IOException {
        this.id = id;
        this.identityKey = IdentityKeys.readIdentityKey(files);
        this.tls = TlsContexts.client(files);
        this.host = host;
        this.port = port;
        this.coordinatorName = coordinatorName;
        this.group = group;
        this.events = events;
    }

    /** Connects and waits for Welcome; null when welcomed, else why not. */
    String connect(long waitSeconds) throws InterruptedException {
        int gen = ++generation;
        Channel ch = new Bootstrap()
                .group(group)
                .channel(new Endpoint.Tcp(host, port).channelType())
                .handler(TransportPipeline.client(
                        TransportLimits.DEFAULTS, tls, coordinatorName, port, id, KitServer.SOFTWARE, Handler::new))
                .connect(host, port)
                .await()
                .channel();
        if (!ch.isActive()) {
            return "cannot connect to " + host + ":" + port;
        }
        channel = ch;
        ch.closeFuture().addListener(f -> events.add(new Event(this, Kind.CLOSED, roundId, null, gen)));
        Future<Welcome> welcome = ClientHandshakeHandler.welcome(ch);
        if (!welcome.await(waitSeconds, TimeUnit.SECONDS)) {
            ch.close();
            return "no Welcome within " + waitSeconds + " s";
        }
        return welcome.isSuccess() ? null : "refused: " + welcome.cause().getMessage();
    }

    boolean connected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    void disconnect() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    void send(Envelope e) {
        channel.writeAndFlush(e);
    }

    /** Bytes below the framing (inside TLS): what the kit's own encoder would refuse to make. */
    void sendRaw(ByteBuf bytes) {
        Channel ch = channel;
        ch.eventLoop()
                .execute(
                        () -> ch.pipeline().context(PipelineNames.FRAME_ENCODER).writeAndFlush(bytes));
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws SecAggViolation {
            Envelope e = (Envelope) msg;
            switch (e.getBodyCase()) {
                case ROUND_START -> start(ctx.channel(), e);
                case SECAGG -> onSecAgg(ctx.channel(), e);
                case ROUND_END -> events.add(new Event(KitParticipant.this, Kind.ROUND_END, e.getRoundId(), e));
                case ERROR ->
                    events.add(new Event(KitParticipant.this, Kind.ERROR, roundId, e)); // errors carry round 0
                case FEDERATION_COMPLETE -> events.add(new Event(KitParticipant.this, Kind.FEDERATION_COMPLETE, 0, e));
                default -> {}
            }
        }
    }

    private void start(Channel ch, Envelope e) throws SecAggViolation {
        RoundStart start = e.getRoundStart();
        RoundConfig config = RoundConfig.fromProto(start.getSecagg());
        roundId = config.roundId();
        int self = start.getCohortList().stream()
                .filter(c -> c.getParticipantId().equals(id))
                .mapToInt(CohortEntry::getSecaggId)
                .findFirst()
                .orElseThrow();
        plan = planner.plan(config, self);
        Random r = new Random(random.nextLong());
        float[] delta = new float[config.vectorLength()];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) (r.nextGaussian() * 0.01);
        }
        int weight = 10 + random.nextInt(90);
        updates.put(
                roundId,
                new Update(roundId, self, delta, weight, config, ModelParameters.fromProto(start.getGlobalModel())));
        events.add(new Event(this, Kind.ROUND_START, roundId, e));
        machine = new SecAggParticipant(config, self, identityKey, random);
        EncodedUpdate enc = UpdateEncoder.encode(delta, weight, config.encoding(), r);
        List<SecAggMessage> out = new ArrayList<>(machine.start());
        out.addAll(machine.submitEncodedInput(enc.words()));
        SecAggMessage advertise = out.get(0);
        if (plan.badSignature()) {
            byte[] sig = advertise.getAdvertiseKeys().getSignature().toByteArray();
            sig[0] ^= 1;
            out.set(
                    0,
                    advertise.toBuilder()
                            .setAdvertiseKeys(advertise.getAdvertiseKeys().toBuilder()
                                    .setSignature(com.google.protobuf.ByteString.copyFrom(sig)))
                            .build());
        } else if (plan.replayAdvertise() && lastAdvertise != null) {
            out.set(0, lastAdvertise); // its own round id is the earlier round's; the envelope says this round
        }
        lastAdvertise = advertise;
        send(ch, out);
    }

    private void onSecAgg(Channel ch, Envelope e) {
        SecAggMessage m = e.getSecagg();
        if (machine == null || e.getRoundId() != roundId) {
            return;
        }
        if (m.hasUnmaskingRequest()) {
            events.add(new Event(this, Kind.UNMASKING_REQUEST, roundId, e));
        }
        if (m.getBodyCase() == plan.vanishOn()) {
            ch.close(); // a site that died right after its previous message
            return;
        }
        send(ch, machine.handle(m));
    }

    private void send(Channel ch, List<SecAggMessage> messages) {
        for (SecAggMessage m : messages) {
            ch.writeAndFlush(Envelopes.newEnvelope(id, roundId).setSecagg(m).build());
        }
    }
}
