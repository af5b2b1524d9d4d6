package org.fedvae.protocol.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.random.Seeds;
import org.fedvae.protocol.secagg.SecAggStage;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.vectors.FramingVectors;

/**
 * A fuzz run: inputs made from one seed (so a run can be repeated exactly), each executed on a
 * worker thread under a watchdog. An input that throws is a crash, one that breaks an invariant
 * a violation, one that outlasts the watchdog a hang; each is reported with its corpus line.
 */
public final class FuzzCampaign implements AutoCloseable {

    /** The run's figures. */
    public record Report(
            long inputs,
            long crashes,
            long violations,
            long hangs,
            double seconds,
            Map<String, Long> categories,
            List<String> failures) {}

    private static final SecAggStage[] UPSTREAM_STAGES = {
        SecAggStage.ADVERTISE_KEYS,
        SecAggStage.SHARE_KEYS,
        SecAggStage.MASKED_INPUT,
        SecAggStage.CONSISTENCY_CHECK,
        SecAggStage.UNMASKING
    };
    private static final SecAggStage[] DOWNSTREAM_STAGES = {
        SecAggStage.SHARE_KEYS, SecAggStage.MASKED_INPUT, SecAggStage.CONSISTENCY_CHECK, SecAggStage.UNMASKING
    };

    private final long seed;
    private final long watchdogMillis;
    private ExecutorService worker;
    private SecAggFuzzTargets targets;

    public FuzzCampaign(long seed, long watchdogMillis) {
        this.seed = seed;
        this.watchdogMillis = watchdogMillis;
        restart();
    }

    private void restart() {
        if (worker != null) {
            worker.shutdownNow();
        }
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true); // a hung input must not keep the JVM alive
            return t;
        });
        targets = call(SecAggFuzzTargets::new);
    }

    private <T> T call(java.util.concurrent.Callable<T> c) {
        try {
            return worker.submit(c).get();
        } catch (Exception e) {
            throw new IllegalStateException("fuzz setup failed", e);
        }
    }

    /** The {@code index}-th input of this run: a pure function of (seed, index). */
    public FuzzInput input(long index) {
        Random r = new Random(Seeds.mix(seed, index));
        SecAggFuzzTargets t = targets;
        int kind = r.nextInt(100);
        if (kind < 25) {
            return frameInput(r, t);
        }
        if (kind < 40) {
            return FuzzInput.coordinator(UPSTREAM_STAGES[r.nextInt(5)], member(r), r.nextInt(5) != 0, randomBytes(r));
        }
        if (kind < 70) {
            SecAggStage s = UPSTREAM_STAGES[r.nextInt(5)];
            int x = Fixture.IDS.get(r.nextInt(4));
            byte[] m = MessageMutator.mutate(t.honestUpstream(x, s), t.honestMessages(), r);
            return FuzzInput.coordinator(s, x, r.nextInt(10) != 0, m);
        }
        if (kind < 80) {
            return FuzzInput.participant(
                    DOWNSTREAM_STAGES[r.nextInt(4)], Fixture.IDS.get(r.nextInt(4)), r.nextBoolean(), randomBytes(r));
        }
        SecAggStage s = DOWNSTREAM_STAGES[r.nextInt(4)];
        int p = Fixture.IDS.get(r.nextInt(4));
        byte[] m = MessageMutator.mutate(t.honestDownstream(p, s), t.honestMessages(), r);
        return FuzzInput.participant(s, p, r.nextInt(5) != 0, m);
    }

    private static int member(Random r) {
        return r.nextInt(8) == 0 ? r.nextInt() : Fixture.IDS.get(r.nextInt(4));
    }

    /** Random bytes, or a real message's bytes with raw mutations: most random bytes do not parse. */
    private byte[] randomBytes(Random r) {
        if (r.nextBoolean()) {
            byte[] b = new byte[r.nextInt(200)];
            r.nextBytes(b);
            return b;
        }
        List<SecAggMessage> honest = targets.honestMessages();
        return MessageMutator.mutateBytes(honest.get(r.nextInt(honest.size())).toByteArray(), r);
    }

    private FuzzInput frameInput(Random r, SecAggFuzzTargets t) {
        boolean server = r.nextInt(3) != 0;
        byte[] stream;
        switch (r.nextInt(4)) {
            case 0 -> {
                stream = new byte[r.nextInt(96)];
                r.nextBytes(stream);
            }
            case 1 -> {
                Envelope e = r.nextBoolean() ? Envelopes.hello("site-a", "fuzz") : Envelopes.heartbeat("site-a");
                List<Envelope> donors = List.of(
                        Envelopes.welcome("fuzz"),
                        Envelopes.error("", org.fedvae.protocol.proto.ErrorMessage.ErrorCode.TIMEOUT, "t"),
                        Envelopes.heartbeat(""));
                stream = FramingVectors.framed(MessageMutator.mutate(e, donors, r));
            }
            case 2 -> {
                // A length prefix anywhere from tiny to huge, then some bytes.
                byte[] body = new byte[r.nextInt(64)];
                r.nextBytes(body);
                stream = java.nio.ByteBuffer.allocate(4 + body.length)
                        .putInt(r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(8192))
                        .put(body)
                        .array();
            }
            default ->
                stream = MessageMutator.mutateBytes(
                        FramingVectors.framed(Envelopes.hello("site-a", "fuzz").toByteArray()), r);
        }
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            int n = 1 + r.nextInt(Math.max(1, stream.length - at));
            chunks.add(java.util.Arrays.copyOfRange(stream, at, at + n));
            at += n;
        }
        return FuzzInput.frame(server, r.nextBoolean(), chunks);
    }

    /** Runs one input under the watchdog. */
    public Verdict execute(FuzzInput in) throws TimeoutException {
        Future<Verdict> f = worker.submit(() -> {
            try {
                return targets.run(in);
            } catch (Throwable t) {
                return new Verdict("crash", "threw " + t);
            }
        });
        try {
            return f.get(watchdogMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            restart();
            throw e;
        } catch (Exception e) {
            return new Verdict("crash", "threw " + e);
        }
    }

    /**
     * Runs inputs {@code 0..count-1}. {@code onInput} sees every input with its verdict (null for
     * a hang), e.g. to keep a corpus; {@code progress} is called every {@code every} inputs.
     */
    public Report run(
            long count,
            long every,
            Consumer<Report> progress,
            java.util.function.BiConsumer<FuzzInput, Verdict> onInput) {
        long t0 = System.nanoTime();
        long crashes = 0;
        long violations = 0;
        long hangs = 0;
        Map<String, Long> categories = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            FuzzInput in = input(i);
            Verdict v;
            try {
                v = execute(in);
            } catch (TimeoutException e) {
                hangs++;
                failures.add("hang: " + in.toLine());
                onInput.accept(in, null);
                continue;
            }
            categories.merge(v.category(), 1L, Long::sum);
            if (v.failedInvariant()) {
                if (v.category().equals("crash")) {
                    crashes++;
                } else {
                    violations++;
                }
                if (failures.size() < 100) {
                    failures.add(v.failure() + ": " + in.toLine());
                }
            }
            onInput.accept(in, v);
            if ((i + 1) % every == 0) {
                progress.accept(new Report(
                        i + 1, crashes, violations, hangs, (System.nanoTime() - t0) / 1e9, categories, failures));
            }
        }
        return new Report(count, crashes, violations, hangs, (System.nanoTime() - t0) / 1e9, categories, failures);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
