package org.fedvae.protocol.secagg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent jobs that each add (mask streams) into a vector, on the calling thread plus a small fixed pool of
 * daemon threads, each worker into its own accumulator, then adds the accumulators into the target. Addition mod 2^32
 * commutes, so the result does not depend on which worker ran which job; when jobs fail, the failure of the first
 * failing job in list order is thrown, so errors are deterministic too.
 */
final class ParallelSum {

    /** One unit of work; it adds into {@code acc} only. */
    interface Job {
        void addInto(int[] acc) throws SecAggViolation;
    }

    static final int WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, WORKERS - 1), r -> {
        Thread t = new Thread(r, "secagg-unmask");
        t.setDaemon(true);
        return t;
    });

    private ParallelSum() {}

    static void run(List<Job> jobs, int[] target) throws SecAggViolation {
        int workers = Math.min(WORKERS, jobs.size());
        SecAggViolation[] failures = new SecAggViolation[jobs.size()];
        AtomicInteger next = new AtomicInteger();
        List<Future<int[]>> helpers = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            helpers.add(POOL.submit(() -> drain(jobs, failures, next, new int[target.length])));
        }
        drain(jobs, failures, next, target);
        for (Future<int[]> f : helpers) {
            int[] acc = join(f);
            for (int i = 0; i < target.length; i++) {
                target[i] += acc[i];
            }
        }
        for (SecAggViolation failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static int[] drain(List<Job> jobs, SecAggViolation[] failures, AtomicInteger next, int[] acc) {
        for (int j = next.getAndIncrement(); j < jobs.size(); j = next.getAndIncrement()) {
            try {
                jobs.get(j).addInto(acc);
            } catch (SecAggViolation e) {
                failures[j] = e;
            }
        }
        return acc;
    }

    private static int[] join(Future<int[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unmasking", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("an unmasking worker failed", e.getCause());
        }
    }
}
