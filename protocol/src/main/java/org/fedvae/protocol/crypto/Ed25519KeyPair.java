package org.fedvae.protocol.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * An Ed25519 key pair (RFC 8032): the 32-byte private seed and the 32-byte encoded public point.
 * The arrays are copied in and out.
 */
public record Ed25519KeyPair(byte[] privateKey, byte[] publicKey) {

    public static final int KEY_LENGTH = 32;

    public Ed25519KeyPair {
        privateKey = Bytes.requireLength(privateKey, KEY_LENGTH, "Ed25519 private key")
                .clone();
        publicKey =
                Bytes.requireLength(publicKey, KEY_LENGTH, "Ed25519 public key").clone();
    }

    public static Ed25519KeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        Ed25519PrivateKeyParameters sk = new Ed25519PrivateKeyParameters(random);
        return new Ed25519KeyPair(sk.getEncoded(), sk.generatePublicKey().getEncoded());
    }

    /** The key pair of a stored private key (e.g. a site's enrolled identity key). */
    public static Ed25519KeyPair fromPrivateKey(byte[] privateKey) {
        Bytes.requireLength(privateKey, KEY_LENGTH, "Ed25519 private key");
        Ed25519PrivateKeyParameters sk = new Ed25519PrivateKeyParameters(privateKey, 0);
        return new Ed25519KeyPair(privateKey, sk.generatePublicKey().getEncoded());
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
        return o instanceof Ed25519KeyPair other
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
        return "Ed25519KeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + ", privateKey=<redacted>]";
    }
}
