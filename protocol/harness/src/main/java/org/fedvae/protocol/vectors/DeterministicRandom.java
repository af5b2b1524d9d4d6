package org.fedvae.protocol.vectors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A reproducible byte stream posing as a SecureRandom, so that the state machines and the encoder
 * produce the same keys, seeds and shares on every run. For test vectors only: its output is
 * fully determined by the seed.
 *
 * <p>The stream is SHA-256(seed || counter) for counter = 0, 1, 2, ... (counter as 8 bytes
 * big-endian), the 32-byte blocks concatenated. {@link #nextBytes} takes the next bytes of the
 * stream, never skipping any; {@link #nextLong} is the next 8 bytes read big-endian and
 * {@link #nextInt} the next 4. Every other draw goes through {@code next(bits)}, which
 * SecureRandom builds from nextBytes.
 */
public final class DeterministicRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    private final transient Stream stream;

    private DeterministicRandom(Stream stream) {
        super(stream, null);
        this.stream = stream;
    }

    /** The stream of {@code seed}. */
    public static DeterministicRandom of(byte[] seed) {
        return new DeterministicRandom(new Stream(seed.clone()));
    }

    /** The stream of the UTF-8 bytes of {@code label}, e.g. "transcript/no-dropout/participant/17". */
    public static DeterministicRandom of(String label) {
        return of(label.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public long nextLong() {
        byte[] b = new byte[Long.BYTES];
        nextBytes(b);
        return ByteBuffer.wrap(b).getLong();
    }

    @Override
    public int nextInt() {
        byte[] b = new byte[Integer.BYTES];
        nextBytes(b);
        return ByteBuffer.wrap(b).getInt();
    }

    @Override
    public void setSeed(long seed) {
        // Random's constructor calls this before the stream exists; afterwards reseeding would
        // silently change every vector, so it is refused.
        if (stream != null) {
            throw new UnsupportedOperationException("a DeterministicRandom cannot be reseeded");
        }
    }

    @Override
    public void setSeed(byte[] seed) {
        throw new UnsupportedOperationException("a DeterministicRandom cannot be reseeded");
    }

    @Override
    public byte[] generateSeed(int numBytes) {
        byte[] b = new byte[numBytes];
        nextBytes(b);
        return b;
    }

    @Override
    public String getAlgorithm() {
        return "FedVAE-SHA256-counter-vectors";
    }

    /** The SPI that does the work; SecureRandom.nextBytes lands in engineNextBytes. */
    private static final class Stream extends SecureRandomSpi {

        private static final long serialVersionUID = 1L;

        private final byte[] seed;
        private final byte[] block = new byte[32];
        private int used = block.length;
        private long counter;

        Stream(byte[] seed) {
            this.seed = seed;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            throw new UnsupportedOperationException("a DeterministicRandom cannot be reseeded");
        }

        @Override
        protected synchronized void engineNextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                if (used == block.length) {
                    refill();
                }
                bytes[i] = block[used++];
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            engineNextBytes(b);
            return b;
        }

        private void refill() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(seed);
                sha.update(ByteBuffer.allocate(Long.BYTES).putLong(counter++).array());
                System.arraycopy(sha.digest(), 0, block, 0, block.length);
                used = 0;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
