package org.fedvae.coordinator.federation;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns all round state. Network events, timers and round logic all run here
 * in order, so the round code needs no locks. A task that throws does not kill the thread: the
 * failure goes to the error handler (which aborts the round in progress).
 */
final class RoundThread implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoundThread.class);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Consumer<RuntimeException> onError = e -> { };

    RoundThread(String name) {
        executor = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory(name, true));
        executor.setRemoveOnCancelPolicy(true);
    }

    void onError(Consumer<RuntimeException> handler) {
        this.onError = handler;
    }

    /** Runs {@code task} on the round thread, after everything already queued; dropped once closed. */
    void execute(Runnable task) {
        try {
            executor.execute(() -> run(task));
        } catch (RejectedExecutionException closed) {
            LOG.debug("round thread closed; dropping a task");
        }
    }

    /** Runs {@code task} after {@code delay} unless cancelled first. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return executor.schedule(() -> run(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            return null;
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("internal error on the round thread", e);
            try {
                onError.accept(e);
            } catch (RuntimeException again) {
                LOG.error("the error handler failed too", again);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
