package org.fedvae.participant.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets how many native threads ND4J uses, so every jar runs as fast as it does with
 * {@code OMP_NUM_THREADS=1} without the user setting anything. The small matrices of this model
 * (batches of 128) gain nothing from splitting across cores and lose a lot to thread hand-offs,
 * and one thread per training loop leaves the other cores to other participants.
 *
 * <p>ND4J reads {@code OMP_NUM_THREADS} once, while it loads; without it, it uses every core.
 * {@link #configure()} overrides that after loading and before any training: the threads libnd4j
 * uses per op (its "max master threads"), OpenMP's thread count and OpenBLAS's thread count.
 * (libnd4j 1.0.0-M2.1 ignores {@code setMaxThreads}, the size of its pool, so that keeps its
 * load-time value; the pool's spare threads stay idle.) Measured on 2 cores, this trains as fast
 * as {@code OMP_NUM_THREADS=1} does. The count is, in order of precedence: the system property
 * {@value #PROPERTY} (a positive number, or {@code off} to keep ND4J's defaults), the
 * environment variable {@code OMP_NUM_THREADS}, else 1.
 */
public final class NativeThreads {

    public static final String PROPERTY = "fedvae.native.threads";
    public static final String ENV = "OMP_NUM_THREADS";
    /** Value of {@link #PROPERTY} that leaves ND4J's own thread settings alone. */
    public static final String OFF = "off";

    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);
    private static int configured; // 0 until configure() ran; -1 for "off"

    private NativeThreads() {}

    /**
     * Applies the thread count (once per JVM; later calls return the first result) and returns
     * it, or -1 when switched off. Call it first in every main: it also loads ND4J.
     */
    public static synchronized int configure() {
        if (configured != 0) {
            return configured;
        }
        int threads = threadCount(System.getProperty(PROPERTY), System.getenv(ENV));
        if (threads < 0) {
            LOG.info("Native threads: left to ND4J ({}={})", PROPERTY, OFF);
            configured = -1;
            return configured;
        }
        apply(threads);
        LOG.info(
                "Native threads: {} (libnd4j per op {}, OpenMP {}, OpenBLAS {})",
                threads,
                Nd4j.getEnvironment().maxMasterThreads(),
                NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(),
                Nd4j.factory().blas().getMaxThreads());
        configured = threads;
        return configured;
    }

    /** Sets the count on every native layer that honours a change after loading. */
    static void apply(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads); // a no-op in 1.0.0-M2.1; kept for later versions
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /**
     * The thread count from the property value and the environment value (either may be null):
     * -1 for "off", else a positive count; unparsable or non-positive values fall through.
     */
    static int threadCount(String property, String env) {
        if (property != null && property.trim().equalsIgnoreCase(OFF)) {
            return -1;
        }
        int fromProperty = positive(property);
        if (fromProperty > 0) {
            return fromProperty;
        }
        int fromEnv = positive(env);
        return fromEnv > 0 ? fromEnv : 1;
    }

    private static int positive(String value) {
        if (value == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return Math.max(n, 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
