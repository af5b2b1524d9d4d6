package org.fedvae.coordinator.federation;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns all round state. Network events, timers and round logic all run here
 * in order, so the round code needs no locks. A task that throws does not kill the thread: the
 * failure goes to the error handler (which aborts the round in progress). Once closed, nothing
 * more runs: no round starts, no checkpoint is written.
 */
final class RoundThread implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoundThread.class);
    /** How long {@link #close()} waits for the task in progress (e.g. a checkpoint being written). */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;
    private volatile boolean closed;
    private volatile Consumer<RuntimeException> onError = e -> {};

    RoundThread(String name) {
        ThreadFactory factory = new DefaultThreadFactory(name, true);
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = factory.newThread(r);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        // Pending deadlines die with the thread instead of keeping it alive until they fire.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void onError(Consumer<RuntimeException> handler) {
        this.onError = handler;
    }

    /** Runs {@code task} on the round thread, after everything already queued; dropped once closed. */
    void execute(Runnable task) {
        try {
            executor.execute(() -> run(task));
        } catch (RejectedExecutionException closedAlready) {
            LOG.debug("round thread closed; dropping a task");
        }
    }

    /** Runs {@code task} after {@code delay} unless cancelled first. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return executor.schedule(() -> run(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedAlready) {
            return null;
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            if (closed) {
                return; // the network went away under a task that was still running; nothing to save
            }
            LOG.error("internal error on the round thread", e);
            try {
                onError.accept(e);
            } catch (RuntimeException again) {
                LOG.error("the error handler failed too", again);
            }
        }
    }

    /**
     * Stops: queued tasks and timers are dropped, and (unless called from the round thread
     * itself) waits for the task in progress, so nothing of the rounds runs after this returns.
     */
    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the round thread did not stop within {} s", CLOSE_WAIT.toSeconds());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
