package org.fedvae.coordinator.federation;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.TransportPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running coordinator: a Netty server on a TCP port or an in-VM address, and the rounds on
 * their own thread. The {@code serve} command is a thin wrapper around this class; simulations
 * use it directly.
 *
 * <pre>
 * CoordinatorConfig config = CoordinatorConfig.builder(new Endpoint.InVm("fed"), new InVmAuthenticator(keys),
 *         RoundPolicy.defaults(10, 5)).initialModel(model).stateDir(dir).build();
 * try (FederationCoordinator c = FederationCoordinator.start(config, listener)) {
 *     c.finished().get();   // after the 10th round
 * }
 * </pre>
 */
public final class FederationCoordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FederationCoordinator.class);
    static final String SOFTWARE = "fedvae-coordinator 0.1.0";

    private final EventLoopGroup group;
    private final RoundThread thread;
    private final MetricsLog metrics;
    private final ActionExecutor rounds;
    private final ChannelGroup participants = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private final Endpoint endpoint;
    private final RunState state;
    private Channel server;

    private FederationCoordinator(CoordinatorConfig config, FederationListener listener) throws IOException {
        this.state =
                RunState.open(config.stateDir(), config.initialModel(), config.strategy(), config.serverLearningRate());
        this.metrics = new MetricsLog(config.stateDir());
        this.thread = new RoundThread("fedvae-rounds");
        this.rounds = new ActionExecutor(
                new FederationMachine(config.policy(), state, System::nanoTime),
                state,
                metrics,
                thread,
                listener == null ? FederationListener.NONE : listener,
                this::runEnded,
                config.revocations());
        thread.onError(rounds::internalError);
        // The rounds begin first in the queue, before any participant's event, but not before
        // this constructor has finished setting up what they may use.
        CountDownLatch constructed = new CountDownLatch(1);
        thread.execute(() -> awaitQuietly(constructed));
        thread.execute(rounds::begin);
        this.group = config.endpoint().newEventLoopGroup(config.ioThreads(), "fedvae-coordinator-io");
        UniquePeers authenticator = new UniquePeers(config.authenticator());
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(config.endpoint().serverChannelType())
                    .childHandler(
                            TransportPipeline.server(config.limits(), config.tls(), authenticator, SOFTWARE, () -> {
                                return new PeerHandler(thread, rounds, participants);
                            }))
                    .bind(config.endpoint().address())
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            shutdown();
            throw new IOException("cannot listen on " + config.endpoint() + ": " + e.getMessage(), e);
        }
        this.endpoint = bound(config.endpoint(), server.localAddress());
        if (config.tls() == null && config.endpoint() instanceof Endpoint.Tcp) {
            LOG.warn("listening on {} WITHOUT TLS: anyone on the network can read and alter the traffic", endpoint);
        } else {
            LOG.info("listening on {}{}", endpoint, config.tls() != null ? " (TLS 1.3)" : "");
        }
        constructed.countDown();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed before it was ready
        }
    }

    /**
     * Opens the state (resuming from its checkpoint), binds, and starts running rounds as soon as
     * enough participants are connected.
     *
     * @param listener callbacks on the round thread; null for none
     * @throws IOException if the state cannot be read or the endpoint cannot be bound
     */
    public static FederationCoordinator start(CoordinatorConfig config, FederationListener listener)
            throws IOException {
        return new FederationCoordinator(config, listener);
    }

    /** The endpoint actually bound (a TCP endpoint's real port when 0 was asked for). */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Completes with the number of rounds done once the last round ended, or with the failure that stopped the run. */
    public CompletableFuture<Long> finished() {
        return finished;
    }

    /** The global model after the last finished round (the initial or resumed model before any). */
    public ModelParameters globalModel() {
        return rounds.globalModel();
    }

    /**
     * Stops at once, as a crash would: connections are cut mid-round, nothing is sent. What the
     * state folder holds is the checkpoint of the last finished round.
     */
    @Override
    public void close() {
        shutdown();
        finished.completeExceptionally(new IllegalStateException("the coordinator was closed"));
    }

    private void runEnded(Throwable failure) {
        long rounds = state.roundsDone();
        // The goodbye messages are queued; wait (off the round thread) until each participant's
        // connection closed after its last message, then stop and only then report the end.
        Thread closer = new Thread(
                () -> {
                    participants.newCloseFuture().awaitUninterruptibly(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    shutdown();
                    if (failure == null) {
                        finished.complete(rounds);
                    } else {
                        finished.completeExceptionally(failure);
                    }
                },
                "fedvae-coordinator-close");
        closer.setDaemon(true);
        closer.start();
    }

    private synchronized void shutdown() {
        thread.close(); // first: no round logic (and no checkpoint) runs after this
        if (server != null) {
            server.close().awaitUninterruptibly(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        // Closed while the event loops still run, so every participant sees its connection end now.
        participants.close().awaitUninterruptibly(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            metrics.close();
        } catch (IOException e) {
            LOG.warn("closing metrics: {}", e.getMessage());
        }
        // A short quiet period lets the in-VM peers' last close notifications still run here.
        group.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static Endpoint bound(Endpoint asked, SocketAddress actual) {
        if (asked instanceof Endpoint.Tcp tcp && actual instanceof InetSocketAddress inet) {
            return new Endpoint.Tcp(tcp.host(), inet.getPort());
        }
        return asked;
    }

    /** How long the last messages of a finished run may take to go out. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
}
