package org.fedvae.protocol.vectors;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/** A SecureRandom that hands out exactly the given bytes, in order, and fails when they run out. */
final class FixedBytesRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    FixedBytesRandom(byte[] bytes) {
        super(new Spi(bytes.clone()), null);
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private int next;

        Spi(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void engineNextBytes(byte[] out) {
            if (next + out.length > bytes.length) {
                throw new IllegalStateException("fixed random bytes exhausted");
            }
            System.arraycopy(bytes, next, out, 0, out.length);
            next += out.length;
        }

        @Override
        protected byte[] engineGenerateSeed(int n) {
            throw new UnsupportedOperationException();
        }
    }
}
