package org.fedvae.protocol.crypto;

import java.util.Objects;

/** Argument checks shared by the primitives in this package. */
final class Bytes {

    private Bytes() {}

    /** Fails with a message naming {@code what} unless {@code value} holds exactly {@code length} bytes. */
    static byte[] requireLength(byte[] value, int length, String what) {
        Objects.requireNonNull(value, what);
        if (value.length != length) {
            throw new CryptoException(what + " must be " + length + " bytes, got " + value.length);
        }
        return value;
    }

    /** True when every byte is zero; constant time in the contents so a secret's value does not leak. */
    static boolean isAllZero(byte[] value) {
        int acc = 0;
        for (byte b : value) {
            acc |= b;
        }
        return acc == 0;
    }
}
