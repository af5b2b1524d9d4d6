package org.fedvae.protocol.crypto;

import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/** X25519 Diffie-Hellman (RFC 7748) through Bouncy Castle. */
public final class X25519 {

    public static final int SHARED_SECRET_LENGTH = 32;

    private X25519() {}

    /**
     * The raw shared secret X25519(privateKey, peerPublicKey). Never use it as a key directly: feed
     * it to {@link KeyDerivation}.
     *
     * @throws CryptoException if either key is not 32 bytes, or the result is all zero, which
     *     happens exactly when the peer sent a low-order point: such a "secret" is known to anyone
     *     (RFC 7748 section 6.1), so a peer that sends one must be treated as malicious.
     */
    public static byte[] agree(byte[] privateKey, byte[] peerPublicKey) {
        Bytes.requireLength(privateKey, X25519KeyPair.KEY_LENGTH, "X25519 private key");
        Bytes.requireLength(peerPublicKey, X25519KeyPair.KEY_LENGTH, "X25519 peer public key");
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(new X25519PrivateKeyParameters(privateKey, 0));
        byte[] secret = new byte[SHARED_SECRET_LENGTH];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(peerPublicKey, 0), secret, 0);
        } catch (IllegalStateException e) {
            // Bouncy Castle reports the all-zero output this way.
            throw lowOrder(e);
        }
        // Checked again ourselves so the guarantee does not hinge on a library detail.
        if (Bytes.isAllZero(secret)) {
            throw lowOrder(null);
        }
        return secret;
    }

    private static CryptoException lowOrder(Throwable cause) {
        return new CryptoException("X25519 shared secret is all zero: the peer public key is a low-order point", cause);
    }
}
