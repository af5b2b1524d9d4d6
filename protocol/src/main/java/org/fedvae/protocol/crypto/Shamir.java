package org.fedvae.protocol.crypto;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.threshold.ShamirSecretSplitter;
import org.bouncycastle.crypto.threshold.ShamirSplitSecret;
import org.bouncycastle.crypto.threshold.ShamirSplitSecretShare;

/**
 * Shamir t-of-n secret sharing, byte-wise over GF(2^8) with the AES polynomial: split through Bouncy
 * Castle's {@code org.bouncycastle.crypto.threshold}, combine by {@link Gf256Lagrange} (the same results). Each secret byte gets its own random
 * polynomial of degree t-1; share i is every polynomial evaluated at x = i. GF(2^8) has 255
 * non-zero points, hence at most 255 shares.
 *
 * <p>Shares carry no integrity: a wrong or tampered share silently yields a wrong secret. Check a
 * reconstructed secret against something public where possible (for an X25519 private key: its
 * advertised public key, via {@link X25519KeyPair#fromPrivateKey}).
 */
public final class Shamir {

    public static final int MAX_SHARES = 255;
    /** Bouncy Castle's limit on the secret length. */
    public static final int MAX_SECRET_LENGTH = 65534;

    private Shamir() {}

    /**
     * Splits {@code secret} into {@code count} shares with indices 1..count, any
     * {@code threshold} of which reconstruct it and fewer of which reveal nothing about it.
     *
     * @throws IllegalArgumentException unless 1 < threshold <= count <= 255 and the secret holds
     *     1..65534 bytes
     */
    public static List<ShamirShare> split(byte[] secret, int threshold, int count, SecureRandom random) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(random, "random");
        if (threshold < 2) {
            // With t = 1 every share would be the secret itself.
            throw new IllegalArgumentException("Shamir threshold must be at least 2, got " + threshold);
        }
        if (count < threshold) {
            throw new IllegalArgumentException("Shamir share count " + count + " is below the threshold " + threshold);
        }
        if (count > MAX_SHARES) {
            throw new IllegalArgumentException(
                    "Shamir over GF(2^8) allows at most " + MAX_SHARES + " shares, asked for " + count);
        }
        if (secret.length < 1 || secret.length > MAX_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "Shamir secret must hold 1.." + MAX_SECRET_LENGTH + " bytes, got " + secret.length);
        }
        ShamirSplitSecret split = ShamirSecretSplitter.getInstance(
                        ShamirSecretSplitter.Algorithm.AES, secret.length, random)
                .resplit(secret, threshold, count);
        ShamirSplitSecretShare[] shares = split.getSecretShares();
        List<ShamirShare> result = new ArrayList<>(shares.length);
        for (int i = 0; i < shares.length; i++) {
            // Bouncy Castle evaluates share i (0-based) at x = i + 1 and keeps x package-private.
            result.add(new ShamirShare(i + 1, encoded(shares[i])));
        }
        return List.copyOf(result);
    }

    /**
     * Reconstructs the secret by Lagrange interpolation at x = 0 over the given shares.
     *
     * <p>The threshold is not recorded in the shares, so this cannot check it: with fewer than
     * {@code threshold} shares the result is simply a wrong value, not an error. The caller must
     * enforce that it passes at least the threshold (the protocol's {@code t}).
     *
     * @throws IllegalArgumentException if the list is empty, two shares have the same index (which
     *     would make interpolation divide by zero and silently produce garbage), or share lengths differ
     */
    public static byte[] combine(List<ShamirShare> shares) {
        Objects.requireNonNull(shares, "shares");
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("Shamir combine needs at least one share");
        }
        boolean[] seen = new boolean[MAX_SHARES + 1];
        int length = shares.get(0).data().length;
        int[] xs = new int[shares.size()];
        byte[][] ys = new byte[shares.size()][];
        for (int i = 0; i < xs.length; i++) {
            ShamirShare share = Objects.requireNonNull(shares.get(i), "share");
            if (seen[share.index()]) {
                throw new IllegalArgumentException("duplicate Shamir share index " + share.index());
            }
            seen[share.index()] = true;
            byte[] data = share.data();
            if (data.length != length) {
                throw new IllegalArgumentException("Shamir shares differ in length: " + length + " and " + data.length
                        + " bytes (index " + share.index() + ")");
            }
            xs[i] = share.index();
            ys[i] = data;
        }
        // Our own interpolation: identical results to Bouncy Castle's ShamirSplitSecret (ShamirTest), several times
        // faster, which the coordinator of a large round needs.
        return Gf256Lagrange.atZero(xs, ys, length);
    }

    private static byte[] encoded(ShamirSplitSecretShare share) {
        try {
            return share.getEncoded();
        } catch (IOException e) {
            throw new CryptoException("cannot read a Shamir share from Bouncy Castle", e);
        }
    }
}
