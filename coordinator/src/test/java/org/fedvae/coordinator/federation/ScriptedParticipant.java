package org.fedvae.coordinator.federation;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.LocalEvaluation;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage;
import org.fedvae.protocol.proto.PlainUpdate;
import org.fedvae.protocol.proto.RoundEnd;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.Welcome;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.secagg.WordCodec;
import org.fedvae.protocol.transport.ClientHandshakeHandler;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.TransportLimits;
import org.fedvae.protocol.transport.TransportPipeline;

/**
 * A participant made of the protocol pieces only (no VAE: its "update" is a small random vector),
 * driven by a {@link Script} that can make it misbehave in one precise way. Everything it is told
 * (errors, aborts, round ends) is recorded for the test.
 */
final class ScriptedParticipant {

    static final long WAIT_SECONDS = 30;

    /** How this participant deviates from the protocol; the default is honest. */
    interface Script {
        Script HONEST = new Script() {};

        /** The envelope to send instead of {@code e}; null to send nothing. */
        default Envelope beforeSend(Envelope e) {
            return e;
        }

        /** Called after {@code e} went out: a chance to write something else on the connection. */
        default void afterSend(Envelope e, Channel channel) {}

        /** The coordinator sent a secure-aggregation Abort (a dismissal, or the round's abort). */
        default void coordinatorAborted(Abort abort, Channel channel) {}

        /** The encoded words to submit (the honest encoding by default). */
        default int[] encoded(int[] honest) {
            return honest;
        }
    }

    final String id;
    final Ed25519KeyPair identity;
    private final Script script;
    private final SecureRandom random = new SecureRandom();
    final BlockingQueue<ErrorMessage> errors = new LinkedBlockingQueue<>();
    final BlockingQueue<Abort> aborts = new LinkedBlockingQueue<>();
    final BlockingQueue<RoundEnd> roundEnds = new LinkedBlockingQueue<>();
    /** Set when the coordinator ended the federation with this participant still in it. */
    volatile boolean toldFederationComplete;
    /** The plain encoded update this participant submitted, per round. */
    final Map<Long, int[]> encodedByRound = new ConcurrentHashMap<>();
    /** The round configuration each RoundStart announced, per round. */
    final Map<Long, RoundConfig> configByRound = new ConcurrentHashMap<>();

    private volatile Channel channel;
    private SecAggParticipant machine;
    private long roundId;

    ScriptedParticipant(String id, Script script) {
        this.id = id;
        this.script = script;
        this.identity = Ed25519KeyPair.generate(random);
    }

    /** Connects and waits for Welcome (or the refusal, returned as the failed future). */
    Future<Welcome> connect(EventLoopGroup group, Endpoint endpoint) throws InterruptedException {
        return connect(group, endpoint, TransportLimits.DEFAULTS);
    }

    Future<Welcome> connect(EventLoopGroup group, Endpoint endpoint, TransportLimits limits)
            throws InterruptedException {
        channel = new Bootstrap()
                .group(group)
                .channel(endpoint.channelType())
                .handler(TransportPipeline.client(limits, null, null, 0, id, "scripted", () -> new Handler()))
                .connect(endpoint.address())
                .sync()
                .channel();
        Future<Welcome> welcome = ClientHandshakeHandler.welcome(channel);
        welcome.await(WAIT_SECONDS, TimeUnit.SECONDS);
        return welcome;
    }

    Channel channel() {
        return channel;
    }

    boolean awaitClosed() throws InterruptedException {
        return channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits for the end of the connection; true if it ended with the federation, not with an error. */
    boolean stayedToTheEnd() throws InterruptedException {
        return awaitClosed() && errors.isEmpty() && toldFederationComplete;
    }

    ErrorMessage nextError() throws InterruptedException {
        ErrorMessage e = errors.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError(id + " received no error");
        }
        return e;
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Envelope e = (Envelope) msg;
            switch (e.getBodyCase()) {
                case ROUND_START -> start(e.getRoundStart());
                case SECAGG -> {
                    SecAggMessage m = e.getSecagg();
                    if (m.hasAbort()) {
                        aborts.add(m.getAbort());
                        script.coordinatorAborted(m.getAbort(), ctx.channel());
                    }
                    if (machine != null) {
                        sendAll(machine.handle(m));
                    }
                }
                case ROUND_END -> roundEnds.add(e.getRoundEnd());
                case FEDERATION_COMPLETE -> toldFederationComplete = true;
                case ERROR -> errors.add(e.getError());
                default -> {}
            }
        }
    }

    private void start(RoundStart start) {
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
        Random r = new Random(random.nextLong());
        float[] delta = new float[config.vectorLength()];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) (r.nextGaussian() * 0.01);
        }
        EncodedUpdate enc = UpdateEncoder.encode(
                delta,
                10 + Math.abs(id.hashCode() % 50),
                new LocalEvaluation(100 + Math.abs(id.hashCode() % 10), 10),
                config.encoding(),
                r::nextDouble);
        int[] words = script.encoded(enc.words());
        encodedByRound.put(roundId, words.clone());
        if (start.getSecureAggregation()) {
            machine = new SecAggParticipant(config, self, identity.privateKey(), random);
            sendAll(machine.start());
            sendAll(machine.submitEncodedInput(words));
        } else {
            machine = null;
            send(Envelopes.newEnvelope(id, roundId)
                    .setPlainUpdate(PlainUpdate.newBuilder().setWordsLe(WordCodec.pack(words)))
                    .build());
        }
    }

    private void sendAll(List<SecAggMessage> messages) {
        for (SecAggMessage m : messages) {
            send(Envelopes.newEnvelope(id, roundId).setSecagg(m).build());
        }
    }

    /** Sends through the script; also usable by tests directly. */
    void send(Envelope e) {
        Envelope out = script.beforeSend(e);
        if (out != null && channel.isActive()) {
            channel.writeAndFlush(out);
            script.afterSend(out, channel);
        }
    }
}
