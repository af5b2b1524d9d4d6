package org.fedvae.protocol.secagg;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.secagg.graph.GraphPolicy;

/**
 * A test cohort: enrolled identity keys, a round configuration, and participants with inputs,
 * all reproducible from one seed.
 */
final class Cohort {

    static final EncodingConfig ENCODING = new EncodingConfig(1.0f, 14, 100, 255);

    final long seed;
    final RoundConfig config;
    final Map<Integer, Ed25519KeyPair> identities;
    final Map<Integer, SecAggParticipant> participants = new TreeMap<>();
    /** Each participant's encoded input, as submitted. */
    final Map<Integer, int[]> inputs = new TreeMap<>();

    private Cohort(long seed, RoundConfig config, Map<Integer, Ed25519KeyPair> identities) {
        this.seed = seed;
        this.config = config;
        this.identities = identities;
    }

    /** n participants with distinct random ids in 1..100000, threshold t, vectors of {@code params} parameters. */
    static Cohort create(long seed, long roundId, int n, int t, int params) {
        Random ids = new Random(seed);
        TreeSet<Integer> chosen = new TreeSet<>();
        while (chosen.size() < n) {
            chosen.add(1 + ids.nextInt(100_000));
        }
        SecureRandom keys = seeded(seed ^ 0x5EEDL);
        Map<Integer, Ed25519KeyPair> identities = new LinkedHashMap<>();
        Map<Integer, byte[]> enrolled = new TreeMap<>();
        for (int id : chosen) {
            Ed25519KeyPair kp = Ed25519KeyPair.generate(keys);
            identities.put(id, kp);
            enrolled.put(id, kp.publicKey());
        }
        try {
            return new Cohort(seed, RoundConfig.of(roundId, t, params, ENCODING, enrolled), identities);
        } catch (SecAggViolation e) {
            throw new AssertionError(e);
        }
    }

    /**
     * As {@link #create}, with the sparse graph of degree k and per-neighbourhood threshold t. The configuration is
     * checked for structure only (small cohorts, to exercise the mechanics), not against the parameter rule.
     */
    static Cohort createSparse(long seed, long roundId, int n, int degree, int t, int params) {
        Cohort complete = create(seed, roundId, n, n / 2 + 1, params);
        Map<Integer, byte[]> enrolled = new TreeMap<>();
        complete.identities.forEach((id, kp) -> enrolled.put(id, kp.publicKey()));
        try {
            RoundConfig config =
                    RoundConfig.sparse(roundId, degree, t, params, ENCODING, enrolled, GraphPolicy.STRUCTURE_ONLY);
            return new Cohort(seed, config, complete.identities);
        } catch (SecAggViolation e) {
            throw new AssertionError(e);
        }
    }

    /** Another round for the same enrolled participants. */
    Cohort nextRound(long roundId) {
        try {
            Map<Integer, byte[]> enrolled = new TreeMap<>();
            identities.forEach((id, kp) -> enrolled.put(id, kp.publicKey()));
            return new Cohort(
                    seed + roundId,
                    RoundConfig.of(roundId, config.threshold(), config.vectorLength(), config.encoding(), enrolled),
                    identities);
        } catch (SecAggViolation e) {
            throw new AssertionError(e);
        }
    }

    /** The same round with client-level DP parameters' digest bound into the configuration (PROTOCOL.md 7.1). */
    Cohort withClientDpDigest(byte[] clientDpDigest) {
        try {
            return new Cohort(seed, config.withClientDpDigest(clientDpDigest), identities);
        } catch (SecAggViolation e) {
            throw new AssertionError(e);
        }
    }

    List<Integer> ids() {
        return new ArrayList<>(identities.keySet());
    }

    /** Creates every participant and submits a random encoded input (any 32-bit words). */
    Cohort withRandomInputs() {
        Random r = new Random(seed * 31 + config.roundId());
        for (int id : identities.keySet()) {
            int[] words = new int[config.wordCount()];
            for (int i = 0; i < words.length; i++) {
                words[i] = r.nextInt();
            }
            participant(id).submitEncodedInput(words);
            inputs.put(id, words);
        }
        return this;
    }

    /** Creates every participant without input. */
    Cohort withoutInputs() {
        identities.keySet().forEach(this::participant);
        return this;
    }

    SecAggParticipant participant(int id) {
        return participants.computeIfAbsent(
                id,
                k -> new SecAggParticipant(
                        config,
                        k,
                        identities.get(k).privateKey(),
                        seeded(seed * 1_000_003L + k + 7919L * config.roundId())));
    }

    /** Sum mod 2^32 of the inputs of {@code ids}. */
    int[] sumOf(Iterable<Integer> ids) {
        int[] sum = new int[config.wordCount()];
        for (int id : ids) {
            int[] in = inputs.get(id);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += in[i];
            }
        }
        return sum;
    }

    InMemoryRound.Result run(SecAggCoordinator coordinator, Map<Integer, SecAggStage> dropAt, boolean announce) {
        return new InMemoryRound(coordinator, participants.values(), dropAt, true, announce, null).run();
    }

    /** Reproducible SecureRandom: SHA1PRNG seeded before first use is deterministic. */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG", "SUN");
            random.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            return random;
        } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new AssertionError("SHA1PRNG from SUN is part of every JDK", e);
        }
    }
}
