package org.fedvae.participant.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

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
    void configureAppliesTheCountToEveryNativeLayer() {
        int threads = NativeThreads.configure();
        assertEquals(NativeThreads.threadCount(System.getProperty(NativeThreads.PROPERTY), System.getenv(NativeThreads.ENV)), threads);
        assertEquals(threads, Nd4j.getEnvironment().maxThreads());
        assertEquals(threads, Nd4j.getEnvironment().maxMasterThreads());
        assertEquals(threads, Nd4j.factory().blas().getMaxThreads());
        assertEquals(threads, NativeThreads.configure(), "a second call changes nothing");
    }
}
