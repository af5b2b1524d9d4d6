package org.fedvae.protocol.crypto;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Seeded, reproducible SecureRandom for tests: SHA1PRNG seeded before first use is deterministic. */
final class TestRandom {

    private TestRandom() {}

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG", "SUN");
            random.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            return random;
        } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
            throw new AssertionError("SHA1PRNG from SUN is part of every JDK", e);
        }
    }
}
