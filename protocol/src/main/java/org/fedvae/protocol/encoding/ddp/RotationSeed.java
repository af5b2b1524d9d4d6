package org.fedvae.protocol.encoding.ddp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The rotation seed of a DP round: SHA-256(ASCII("fedvae/ddp/rotation-seed/v1") || 0x00 ||
 * BE64(round_id) || config digest). Both sides compute it from what they already agree on, so the
 * coordinator sends nothing for it. The coordinator can still influence it (through the cohort it
 * picks, which the digest covers), but the signs are public anyway: they only spread the signal to
 * keep the modular sum from wrapping; privacy rests on the noise, which does not depend on them.
 */
public final class RotationSeed {

    private static final String LABEL = "fedvae/ddp/rotation-seed/v1";

    private RotationSeed() {}

    public static byte[] of(long roundId, byte[] configDigest) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(LABEL.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(roundId).array());
            sha.update(configDigest);
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
