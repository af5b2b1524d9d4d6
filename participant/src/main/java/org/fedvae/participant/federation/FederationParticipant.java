package org.fedvae.participant.federation;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.model.ModelParameters;

/**
 * One site of a federation, running: connects to the coordinator (reconnecting with backoff),
 * trains the global model of each round on its own images, and takes part in secure
 * aggregation. The {@code join} command is a thin wrapper around this class; simulations run
 * many in one process, sharing event loops and one training executor.
 *
 * <pre>
 * ParticipantConfig config = ParticipantConfig.builder("site-1", identityKey, new Endpoint.InVm("fed"), train, test)
 *         .trainingExecutor(sharedPool).eventLoops(sharedLocalGroup).federationCa(caCertificate).build();
 * FederationParticipant p = FederationParticipant.start(config, listener);
 * ModelParameters finalModel = p.finished().get();
 * </pre>
 */
public final class FederationParticipant implements AutoCloseable {

    private final EventLoopGroup ownGroup;
    private final ExecutorService ownTraining;
    private final EventLoop loop;
    private final ParticipantSession session;
    private final CompletableFuture<ModelParameters> finished = new CompletableFuture<>();

    private FederationParticipant(
            ParticipantConfig config,
            ParticipantListener listener,
            RoundLedger ledger,
            RevocationLedger revocations,
            PrivateTraining privacy,
            ClientDpCheck clientDp) {
        requireImages(config.train(), "training");
        if (config.test().size() > 0) {
            requireImages(config.test(), "test");
        }
        this.ownGroup = config.eventLoops() == null
                ? config.coordinator().newEventLoopGroup(1, "fedvae-" + config.participantId() + "-io")
                : null;
        this.ownTraining = config.trainingExecutor() == null
                ? Executors.newSingleThreadExecutor(
                        new DefaultThreadFactory("fedvae-" + config.participantId() + "-training", true))
                : null;
        Executor training = ownTraining != null ? ownTraining : config.trainingExecutor();
        // All of this participant's network and round state lives on one loop of the group.
        this.loop = (ownGroup != null ? ownGroup : config.eventLoops()).next();
        this.session = new ParticipantSession(
                config,
                loop,
                training,
                listener == null ? ParticipantListener.NONE : listener,
                finished,
                ledger,
                revocations,
                privacy,
                clientDp);
        finished.whenComplete((model, failure) -> releaseOwnThreads());
    }

    /** Starts connecting; rounds run as the coordinator starts them. */
    /**
     * @throws IOException if the state folder cannot be read (e.g. a damaged round, revocation or privacy ledger): nothing
     *     was started
     */
    public static FederationParticipant start(ParticipantConfig config, ParticipantListener listener)
            throws IOException {
        PrivateTraining privacy = config.privacy() == null
                ? null
                : PrivateTraining.open(
                        config.participantId(), config.privacy(), config.train().size(), config.stateDir());
        FederationParticipant p = new FederationParticipant(
                config,
                listener,
                RoundLedger.open(config.stateDir()),
                RevocationLedger.open(config.stateDir()),
                privacy,
                new ClientDpCheck(config.participantId(), config.clientDp(), ClientDpLedger.open(config.stateDir())));
        p.loop.execute(p.session::connect);
        return p;
    }

    /**
     * Completes with the final global model when the coordinator finished the federation, or
     * with the reason this participant stopped (refused as unauthenticated, gave up reconnecting,
     * closed).
     */
    public CompletableFuture<ModelParameters> finished() {
        return finished;
    }

    /**
     * Stops at once, as a crashed site would: the connection is cut, the round in progress
     * abandoned. May be called from a listener (then it does not wait for the stop to complete).
     */
    @Override
    public void close() {
        IllegalStateException closed = new IllegalStateException("the participant was closed");
        if (loop.inEventLoop()) {
            session.stop(closed);
            return;
        }
        try {
            loop.execute(() -> session.stop(closed));
            finished.handle((m, e) -> null).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException
                | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            finished.completeExceptionally(closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished.completeExceptionally(closed);
        }
    }

    private void releaseOwnThreads() {
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS);
        }
        if (ownTraining != null) {
            ownTraining.shutdownNow();
        }
    }

    private static void requireImages(ImageSet images, String what) {
        if (images.imageSize() != VaeConfig.DEFAULT_INPUT) {
            throw new IllegalArgumentException(what + " images are " + images.width() + "x" + images.height()
                    + "; the VAE takes " + VaeConfig.DEFAULT_INPUT + " pixels (28x28)");
        }
    }
}
