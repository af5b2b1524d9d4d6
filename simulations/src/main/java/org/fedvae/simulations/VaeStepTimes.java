package org.fedvae.simulations;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.fedvae.participant.vae.TrainingProgress;

/**
 * Step times of one kind of training on one thread: the interval between two progress
 * callbacks, in wall-clock time and in the training thread's own CPU time. The CPU time is what
 * the step costs on a core of its own: on a machine where other jobs take turns on the cores,
 * the wall-clock time also counts the turns the thread waited.
 */
final class VaeStepTimes {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long[] wallNanos;
    private final long[] cpuNanos;
    private int done;

    VaeStepTimes(int steps) {
        wallNanos = new long[steps];
        cpuNanos = new long[steps];
    }

    boolean full() {
        return done == wallNanos.length;
    }

    /** A progress callback for the next epoch, recording its steps until full; call on the training thread. */
    TrainingProgress epoch() {
        long[] last = {System.nanoTime(), THREADS.getCurrentThreadCpuTime()};
        return (d, total) -> {
            long now = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            if (done < wallNanos.length) {
                wallNanos[done] = now - last[0];
                cpuNanos[done] = cpu - last[1];
                done++;
            }
            last[0] = now;
            last[1] = cpu;
        };
    }

    /** Wall-clock step times after the first {@code skip}, in ms, sorted. */
    double[] wallMillis(int skip) {
        return sortedMillis(wallNanos, skip);
    }

    /** Thread CPU step times after the first {@code skip}, in ms, sorted. */
    double[] cpuMillis(int skip) {
        return sortedMillis(cpuNanos, skip);
    }

    private static double[] sortedMillis(long[] nanos, int skip) {
        return Arrays.stream(nanos, skip, nanos.length)
                .mapToDouble(t -> t / 1e6)
                .sorted()
                .toArray();
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }
}
