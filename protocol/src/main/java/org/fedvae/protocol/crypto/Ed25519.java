package org.fedvae.protocol.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Pure Ed25519 signatures (RFC 8032, no context, no prehash) through Bouncy Castle. */
public final class Ed25519 {

    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {}

    /** The deterministic 64-byte signature of {@code message}. */
    public static byte[] sign(byte[] privateKey, byte[] message) {
        Bytes.requireLength(privateKey, Ed25519KeyPair.KEY_LENGTH, "Ed25519 private key");
        Objects.requireNonNull(message, "message");
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * True only for a valid signature. Anything malformed (null, wrong lengths, a public key that
     * is not a curve point) is simply not a valid signature, so it yields false, never an
     * exception: callers handle one outcome for every bad message.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null
                || message == null
                || signature == null
                || publicKey.length != Ed25519KeyPair.KEY_LENGTH
                || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            // Bouncy Castle may reject an invalid point encoding eagerly.
            return false;
        }
    }
}
