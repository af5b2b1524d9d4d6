package org.fedvae.protocol.secagg;

import org.fedvae.protocol.crypto.CryptoException;
import org.fedvae.protocol.crypto.X25519;
import org.fedvae.protocol.proto.SecAggAbortReason;

/** X25519 with a peer's advertised key, turning a refused key into a protocol violation that names the peer. */
final class Agreement {

    private Agreement() {}

    static byte[] agree(byte[] privateKey, byte[] peerPublicKey, int peer, String keyName) throws SecAggViolation {
        try {
            return X25519.agree(privateKey, peerPublicKey);
        } catch (CryptoException e) {
            throw new SecAggViolation(
                    SecAggAbortReason.MALFORMED_MESSAGE,
                    "the " + keyName + " advertised by participant " + peer + " is unusable: " + e.getMessage());
        }
    }
}
