package org.fedvae.protocol.crypto;

/**
 * A cryptographic operation was refused or failed: malformed key or input, a low-order peer key,
 * an authentication failure. Unchecked because none of these can be retried into success; the
 * protocol treats the offending message's sender as dropped.
 */
public final class CryptoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
