package org.fedvae.protocol.vectors;

import java.util.ArrayList;
import java.util.List;
import org.fedvae.protocol.crypto.X25519KeyPair;
import org.fedvae.protocol.encoding.EncodedUpdate;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.secagg.RoundConfig;

/**
 * What one recorded participant drew from its SecureRandom, re-read from a fresh copy of its
 * stream in the order this implementation draws: c_sk and s_sk (32 bytes each, then clamped) at
 * start, the rounding seed (nextLong, 8 bytes big-endian) when the update is encoded, which the
 * recorder does right after start, the self-mask seed b (32 bytes), then the t-1 Shamir
 * coefficient rows of b and the t-1 rows of s_sk (32 bytes each). The encoding is recomputed with
 * this package's own SplitMix64. The generator checks every value against the messages the
 * participant sent.
 */
record ParticipantSecrets(
        long roundingSeed,
        X25519KeyPair c,
        X25519KeyPair s,
        byte[] selfMaskSeed,
        List<byte[]> bCoefficients,
        List<byte[]> sCoefficients,
        EncodedUpdate encoded) {

    static ParticipantSecrets derive(RoundScenario scenario, RoundConfig config, int id) {
        DeterministicRandom r = DeterministicRandom.of(scenario.participantSeedLabel(id));
        X25519KeyPair c = X25519KeyPair.fromPrivateKey(SpecBytes.clampX25519(take(r, 32)));
        X25519KeyPair s = X25519KeyPair.fromPrivateKey(SpecBytes.clampX25519(take(r, 32)));
        long roundingSeed = r.nextLong();
        byte[] b = take(r, 32);
        List<byte[]> bRows = new ArrayList<>();
        List<byte[]> sRows = new ArrayList<>();
        for (int k = 1; k < config.threshold(); k++) {
            bRows.add(take(r, 32));
        }
        for (int k = 1; k < config.threshold(); k++) {
            sRows.add(take(r, 32));
        }
        EncodedUpdate encoded = UpdateEncoder.encode(
                scenario.deltas().get(id),
                scenario.weights().get(id),
                scenario.evaluations().get(id),
                config.encoding(),
                new SplitMix64(roundingSeed));
        return new ParticipantSecrets(roundingSeed, c, s, b, bRows, sRows, encoded);
    }

    byte[] selfMaskShare(int index) {
        return Gf256.evaluate(selfMaskSeed, bCoefficients, index);
    }

    byte[] maskKeyShare(int index) {
        return Gf256.evaluate(s.privateKey(), sCoefficients, index);
    }

    private static byte[] take(DeterministicRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
