package org.fedvae.protocol.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * An X25519 key pair (RFC 7748): a 32-byte private scalar and the 32-byte public u-coordinate.
 * The arrays are copied in and out, so a caller cannot change a key pair after the fact.
 */
public record X25519KeyPair(byte[] privateKey, byte[] publicKey) {

    public static final int KEY_LENGTH = 32;

    public X25519KeyPair {
        privateKey = Bytes.requireLength(privateKey, KEY_LENGTH, "X25519 private key")
                .clone();
        publicKey =
                Bytes.requireLength(publicKey, KEY_LENGTH, "X25519 public key").clone();
    }

    /** A fresh key pair from {@code random}; the protocol makes new ones for every round. */
    public static X25519KeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        X25519PrivateKeyParameters sk = new X25519PrivateKeyParameters(random);
        return new X25519KeyPair(sk.getEncoded(), sk.generatePublicKey().getEncoded());
    }

    /**
     * The key pair of a known private key, e.g. to check that a private key reconstructed from
     * Shamir shares matches the public key its owner advertised.
     */
    public static X25519KeyPair fromPrivateKey(byte[] privateKey) {
        Bytes.requireLength(privateKey, KEY_LENGTH, "X25519 private key");
        X25519PrivateKeyParameters sk = new X25519PrivateKeyParameters(privateKey, 0);
        return new X25519KeyPair(privateKey, sk.generatePublicKey().getEncoded());
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof X25519KeyPair other
                && MessageDigest.isEqual(privateKey, other.privateKey)
                && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "X25519KeyPair[publicKey=" + java.util.HexFormat.of().formatHex(publicKey) + ", privateKey=<redacted>]";
    }
}
