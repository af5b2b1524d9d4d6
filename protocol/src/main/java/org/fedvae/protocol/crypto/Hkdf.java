package org.fedvae.protocol.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF with HMAC-SHA256 (RFC 5869), extract then expand. */
public final class Hkdf {

    /** RFC 5869 caps the output at 255 hash lengths. */
    public static final int MAX_LENGTH = 255 * 32;

    private Hkdf() {}

    /**
     * {@code length} bytes of HKDF-SHA256 output.
     *
     * @param ikm input keying material
     * @param salt the extract salt; null or empty means HashLen zero bytes, as in RFC 5869
     * @param info context and application-specific information; null means empty
     */
    public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        Objects.requireNonNull(ikm, "ikm");
        if (length < 1 || length > MAX_LENGTH) {
            throw new CryptoException("HKDF-SHA256 output length must be in 1.." + MAX_LENGTH + ", got " + length);
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }
}
