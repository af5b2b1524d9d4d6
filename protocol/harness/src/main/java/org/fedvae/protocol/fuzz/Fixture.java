package org.fedvae.protocol.fuzz;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.vectors.DeterministicRandom;

/**
 * The honest cohort every fuzz input runs against: 4 participants (ids 3, 17, 42, 1000), t = 3,
 * 6 parameters, fixed encoded inputs, and a deterministic SecureRandom per participant, so that
 * a participant given the same messages always answers with the same bytes.
 */
public final class Fixture {

    public static final List<Integer> IDS = List.of(3, 17, 42, 1000);
    public static final long ROUND_ID = 77;
    public static final int THRESHOLD = 3;
    public static final int PARAMS = 6;

    final RoundConfig config;
    private final SortedMap<Integer, Ed25519KeyPair> identities = new TreeMap<>();
    private final SortedMap<Integer, int[]> inputs = new TreeMap<>();

    public Fixture() {
        SortedMap<Integer, byte[]> enrolled = new TreeMap<>();
        for (int id : IDS) {
            Ed25519KeyPair kp = Ed25519KeyPair.generate(DeterministicRandom.of("fuzz/identity/" + id));
            identities.put(id, kp);
            enrolled.put(id, kp.publicKey());
            int[] words = new int[VectorLayout.wordCount(PARAMS)];
            DeterministicRandom r = DeterministicRandom.of("fuzz/input/" + id);
            for (int i = 0; i < words.length; i++) {
                words[i] = r.nextInt();
            }
            inputs.put(id, words);
        }
        try {
            config = RoundConfig.of(ROUND_ID, THRESHOLD, PARAMS, new EncodingConfig(0.5f, 16, 1000, 4), enrolled);
        } catch (SecAggViolation e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh participant with its input already submitted (it masks as soon as it knows U2). */
    SecAggParticipant newParticipant(int id) {
        SecAggParticipant p = new SecAggParticipant(
                config, id, identities.get(id).privateKey(), DeterministicRandom.of("fuzz/participant/" + id));
        p.submitEncodedInput(inputs.get(id));
        return p;
    }

    int[] input(int id) {
        return inputs.get(id);
    }

    public RoundConfig config() {
        return config;
    }
}
