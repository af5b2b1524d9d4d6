package org.fedvae.participant.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

class NativeThreadsTest {

    @Test
    void defaultsToOneThreadAndHonoursEnvironmentAndProperty() {
        assertEquals(1, NativeThreads.threadCount(null, null));
        assertEquals(3, NativeThreads.threadCount(null, "3"));
        assertEquals(1, NativeThreads.threadCount(null, "lots"));
        assertEquals(1, NativeThreads.threadCount(null, "0"));
        assertEquals(2, NativeThreads.threadCount("2", "4"));
        assertEquals(4, NativeThreads.threadCount("-2", "4"));
        assertEquals(-1, NativeThreads.threadCount("OFF", "4"));
    }

    @Test
    void applyChangesEveryNativeLayerAfterLoading() {
        int threads = NativeThreads.configure();
        assertEquals(
                NativeThreads.threadCount(System.getProperty(NativeThreads.PROPERTY), System.getenv(NativeThreads.ENV)),
                threads);
        assertEquals(threads, NativeThreads.configure(), "a second call changes nothing");
        try {
            NativeThreads.apply(2);
            assertEquals(2, ompThreads());
            assertEquals(2, Nd4j.factory().blas().getMaxThreads());
            // per-op threads are capped by the pool, which is sized once while loading
            assertEquals(
                    Math.min(2, Nd4j.getEnvironment().maxThreads()),
                    Nd4j.getEnvironment().maxMasterThreads());
            NativeThreads.apply(1);
            assertEquals(1, ompThreads());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
            assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
        } finally {
            NativeThreads.apply(threads);
        }
    }

    private static int ompThreads() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }
}
