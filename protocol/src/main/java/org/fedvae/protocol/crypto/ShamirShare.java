package org.fedvae.protocol.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Shamir share: the evaluation point {@code index} (1..255, the x-coordinate in GF(2^8)) and
 * the share bytes, as long as the secret. The data is copied in and out and never printed.
 */
public record ShamirShare(int index, byte[] data) {

    public ShamirShare {
        if (index < 1 || index > Shamir.MAX_SHARES) {
            throw new CryptoException("Shamir share index must be in 1.." + Shamir.MAX_SHARES + ", got " + index);
        }
        Objects.requireNonNull(data, "Shamir share data");
        if (data.length == 0) {
            throw new CryptoException("Shamir share data must not be empty");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShamirShare other && index == other.index && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * index + Arrays.hashCode(data);
    }

    /** Shares are secret material: only the index and length are printed. */
    @Override
    public String toString() {
        return "ShamirShare[index=" + index + ", " + data.length + " bytes]";
    }
}
