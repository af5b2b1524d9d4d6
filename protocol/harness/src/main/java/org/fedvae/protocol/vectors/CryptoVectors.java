package org.fedvae.protocol.vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.crypto.CryptoException;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.crypto.Hkdf;
import org.fedvae.protocol.crypto.MaskPrg;
import org.fedvae.protocol.crypto.SessionId;
import org.fedvae.protocol.crypto.Shamir;
import org.fedvae.protocol.crypto.ShamirShare;
import org.fedvae.protocol.crypto.X25519;
import org.fedvae.protocol.crypto.X25519KeyPair;

/** Vectors for the primitives that need no round: X25519, Ed25519, HKDF, the mask PRG, the session id, Shamir. */
final class CryptoVectors {

    /** Word indices sampled around the 16 KiB (4096-word) chunks the implementation generates keystream in. */
    static final int[] PRG_SAMPLES = {0, 1, 3, 4, 4095, 4096, 4097, 8191, 8192, 12288, 65535, 65536, 100000};

    private CryptoVectors() {}

    static Map<String, Object> x25519() {
        List<Object> cases = new ArrayList<>();
        // RFC 7748 section 6.1, as a known answer for the primitive itself.
        byte[] aSk = V.unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bSk = V.unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] aPk = X25519KeyPair.fromPrivateKey(aSk).publicKey();
        byte[] bPk = X25519KeyPair.fromPrivateKey(bSk).publicKey();
        V.checkEqual(
                V.unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), aPk, "RFC 7748 Alice");
        V.checkEqual(V.unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), bPk, "RFC 7748 Bob");
        V.checkEqual(
                V.unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"),
                X25519.agree(aSk, bPk),
                "RFC 7748 shared secret");
        cases.add(agreement("rfc7748-section-6.1", aSk, aPk, bPk));

        DeterministicRandom r = DeterministicRandom.of("vectors/x25519");
        for (int i = 0; i < 2; i++) {
            byte[] raw = new byte[32];
            r.nextBytes(raw);
            byte[] peerRaw = new byte[32];
            r.nextBytes(peerRaw);
            X25519KeyPair mine = X25519KeyPair.generate(DeterministicRandom.of(raw));
            V.checkEqual(SpecBytes.clampX25519(sha0(raw)), mine.privateKey(), "clamped X25519 key");
            X25519KeyPair peer = X25519KeyPair.fromPrivateKey(SpecBytes.clampX25519(peerRaw));
            Map<String, Object> c = agreement("drbg-" + i, mine.privateKey(), mine.publicKey(), peer.publicKey());
            c.put("private_key_random_bytes", V.hex(sha0(raw)));
            byte[] back = X25519.agree(peer.privateKey(), mine.publicKey());
            V.checkEqual(X25519.agree(mine.privateKey(), peer.publicKey()), back, "X25519 symmetry");
            cases.add(c);
        }
        // Low-order peer keys give an all-zero secret and MUST be refused.
        byte[] sk = SpecBytes.clampX25519(V.unhex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"));
        for (String lowOrder : List.of(
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")) {
            Map<String, Object> c = Json.object();
            c.put("name", "low-order-peer-" + lowOrder.substring(0, 8));
            c.put("private_key", V.hex(sk));
            c.put("peer_public_key", lowOrder);
            c.put("error", "all-zero shared secret: refuse the key");
            boolean refused;
            try {
                X25519.agree(sk, V.unhex(lowOrder));
                refused = false;
            } catch (CryptoException e) {
                refused = true;
            }
            V.check(refused, "low-order point " + lowOrder + " refused");
            cases.add(c);
        }
        Map<String, Object> f = header("X25519 (RFC 7748). private_key is the 32-byte scalar as stored: clamped where "
                + "private_key_random_bytes (the 32 random bytes before clamping) is given, as this implementation stores and "
                + "Shamir-shares its keys; the RFC's own unclamped scalar in its cases (X25519 clamps on use).");
        f.put("cases", cases);
        return f;
    }

    /** The random bytes that X25519KeyPair.generate drew from DeterministicRandom.of(seed): its first 32 bytes. */
    private static byte[] sha0(byte[] seed) {
        byte[] b = new byte[32];
        DeterministicRandom.of(seed).nextBytes(b);
        return b;
    }

    private static Map<String, Object> agreement(String name, byte[] sk, byte[] pk, byte[] peerPk) {
        Map<String, Object> c = Json.object();
        c.put("name", name);
        c.put("private_key", V.hex(sk));
        c.put("public_key", V.hex(pk));
        c.put("peer_public_key", V.hex(peerPk));
        c.put("shared_secret", V.hex(X25519.agree(sk, peerPk)));
        return c;
    }

    /** RFC 8032 test 1 as a known answer; the protocol's signed payloads come from the transcripts. */
    static Map<String, Object> ed25519KnownAnswer() {
        byte[] sk = V.unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        Ed25519KeyPair kp = Ed25519KeyPair.fromPrivateKey(sk);
        V.checkEqual(
                V.unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
                kp.publicKey(),
                "RFC 8032 test 1 public key");
        byte[] sig = Ed25519.sign(sk, new byte[0]);
        V.checkEqual(
                V.unhex(
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                sig,
                "RFC 8032 test 1 signature");
        Map<String, Object> c = Json.object();
        c.put("kind", "rfc8032-test-1");
        c.put("identity_private_key", V.hex(sk));
        c.put("identity_public_key", V.hex(kp.publicKey()));
        c.put("payload", "");
        c.put("signature", V.hex(sig));
        return c;
    }

    static Map<String, Object> hkdfKnownAnswer() {
        byte[] ikm = V.unhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = V.unhex("000102030405060708090a0b0c");
        byte[] info = V.unhex("f0f1f2f3f4f5f6f7f8f9");
        byte[] okm = Hkdf.sha256(ikm, salt, info, 42);
        V.checkEqual(
                V.unhex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                okm,
                "RFC 5869 test case 1");
        Map<String, Object> c = Json.object();
        c.put("use", "rfc5869-test-case-1");
        c.put("ikm", V.hex(ikm));
        c.put("salt", V.hex(salt));
        c.put("info", V.hex(info));
        c.put("length", 42);
        c.put("okm", V.hex(okm));
        return c;
    }

    static Map<String, Object> maskPrgCase(String name, byte[] key, String keyFrom) {
        byte[] iv = new byte[16];
        int[] stream = MaskPrg.words(key, iv, PRG_SAMPLES[PRG_SAMPLES.length - 1] + 1);
        Map<String, Object> c = Json.object();
        c.put("name", name);
        if (keyFrom != null) {
            c.put("key_from", keyFrom);
        }
        c.put("key", V.hex(key));
        c.put("iv", V.hex(iv));
        int[] first = java.util.Arrays.copyOf(stream, 16);
        c.put("first_words", V.unsigned(first));
        c.put("first_words_le", V.wordsLe(first));
        List<Object> samples = new ArrayList<>();
        for (int i : PRG_SAMPLES) {
            Map<String, Object> s = Json.object();
            s.put("index", i);
            s.put("word", Integer.toUnsignedLong(stream[i]));
            samples.add(s);
        }
        c.put("samples", samples);
        // Independent check of the first block: AES-256-ECB of the all-zero counter block.
        byte[] block0 = aesEcb(key, iv);
        int w0 = (block0[0] & 0xff) | (block0[1] & 0xff) << 8 | (block0[2] & 0xff) << 16 | (block0[3] & 0xff) << 24;
        V.check(w0 == stream[0], "mask PRG word 0 is the first little-endian word of AES-256(key, IV)");
        return c;
    }

    private static byte[] aesEcb(byte[] key, byte[] block) {
        try {
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/ECB/NoPadding");
            c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"));
            return c.doFinal(block);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> maskPrg(List<Map<String, Object>> fromRounds) {
        List<Object> cases = new ArrayList<>();
        DeterministicRandom r = DeterministicRandom.of("vectors/mask-prg");
        for (int i = 0; i < 2; i++) {
            byte[] key = new byte[32];
            r.nextBytes(key);
            cases.add(maskPrgCase("drbg-" + i, key, null));
        }
        cases.addAll(fromRounds);
        Map<String, Object> f = header(
                "Mask PRG: AES-256-CTR keystream (128-bit big-endian counter block, initial "
                        + "value iv) read as little-endian uint32 words; word i = keystream bytes 4i..4i+3. Words are unsigned.");
        f.put("cases", cases);
        return f;
    }

    static Map<String, Object> sessionId(Map<String, Object> fromRound) {
        List<Object> cases = new ArrayList<>();
        cases.add(fromRound);
        // A synthetic case: arrival order differs from id order, ids up to 2^31 - 1.
        DeterministicRandom r = DeterministicRandom.of("vectors/session-id");
        long roundId = 0x0123456789abcdefL;
        int[] ids = {2147483647, 5, 300, 1};
        List<SessionId.Entry> entries = new ArrayList<>();
        for (int id : ids) {
            byte[] c = new byte[32];
            byte[] s = new byte[32];
            r.nextBytes(c);
            r.nextBytes(s);
            entries.add(new SessionId.Entry(id, c, s));
        }
        cases.add(sessionIdCase("synthetic-unsorted", roundId, entries));
        Map<String, Object> f = header("Session id = SHA-256(\"" + SpecBytes.SESSION_LABEL + "\" || round_id (8 BE) || "
                + "for each advertised participant in ascending id order: id (4 BE) || c_pk || s_pk). Entries are listed in "
                + "arrival order; the input is sorted.");
        f.put("cases", cases);
        return f;
    }

    static Map<String, Object> sessionIdCase(String name, long roundId, List<SessionId.Entry> arrivalOrder) {
        List<SessionId.Entry> sorted = new ArrayList<>(arrivalOrder);
        sorted.sort(java.util.Comparator.comparingInt(SessionId.Entry::participantId));
        List<SpecBytes.Advertised> spec = new ArrayList<>();
        List<Object> entries = new ArrayList<>();
        for (SessionId.Entry e : arrivalOrder) {
            Map<String, Object> m = Json.object();
            m.put("id", e.participantId());
            m.put("c_pk", V.hex(e.cPublicKey()));
            m.put("s_pk", V.hex(e.sPublicKey()));
            entries.add(m);
        }
        for (SessionId.Entry e : sorted) {
            spec.add(new SpecBytes.Advertised(e.participantId(), e.cPublicKey(), e.sPublicKey()));
        }
        byte[] input = SpecBytes.sessionIdInput(roundId, spec);
        byte[] id = SessionId.compute(roundId, arrivalOrder);
        V.checkEqual(SpecBytes.sha256(input), id, "session id " + name);
        Map<String, Object> c = Json.object();
        c.put("name", name);
        c.put("round_id", Long.toUnsignedString(roundId));
        c.put("entries", entries);
        c.put("input", V.hex(input));
        c.put("session_id", V.hex(id));
        return c;
    }

    static Map<String, Object> shamir() {
        List<Object> cases = new ArrayList<>();
        cases.add(shamirCase("one-byte-t2-n3", V.unhex("2a"), 2, 3, new int[][] {{1, 2}, {3, 1}, {2, 3}}));
        byte[] secret = new byte[32];
        DeterministicRandom.of("vectors/shamir/secret").nextBytes(secret);
        cases.add(shamirCase(
                "32-bytes-t3-n5", secret, 3, 5, new int[][] {{1, 2, 3}, {2, 4, 5}, {5, 3, 1}, {1, 2, 3, 4, 5}}));
        Map<String, Object> f =
                header("Shamir t-of-n over GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1 (0x11b), byte "
                        + "by byte. coefficients[k-1] holds the degree-k coefficient of every byte's polynomial (k = 1..t-1), "
                        + "drawn from the random source in that order, each row as many bytes as the secret; share x = "
                        + "secret[j] XOR sum_k coefficients[k-1][j] * x^k for every byte j. Share index x = 1..n.");
        f.put("cases", cases);
        return f;
    }

    private static Map<String, Object> shamirCase(String name, byte[] secret, int t, int n, int[][] combos) {
        byte[] seed = SpecBytes.ascii("vectors/shamir/" + name);
        List<byte[]> coefficients = new ArrayList<>();
        DeterministicRandom draw = DeterministicRandom.of(seed);
        for (int k = 1; k < t; k++) {
            byte[] row = new byte[secret.length];
            draw.nextBytes(row);
            coefficients.add(row);
        }
        List<ShamirShare> shares = Shamir.split(secret, t, n, DeterministicRandom.of(seed));
        List<Object> shareJson = new ArrayList<>();
        for (int x = 1; x <= n; x++) {
            byte[] expected = Gf256.evaluate(secret, coefficients, x);
            V.check(shares.get(x - 1).index() == x, "share order");
            V.checkEqual(expected, shares.get(x - 1).data(), "Shamir share " + x + " of " + name);
            Map<String, Object> s = Json.object();
            s.put("index", x);
            s.put("data", V.hex(expected));
            shareJson.add(s);
        }
        List<Object> combines = new ArrayList<>();
        for (int[] combo : combos) {
            List<ShamirShare> use = new ArrayList<>();
            List<byte[]> ys = new ArrayList<>();
            for (int x : combo) {
                use.add(shares.get(x - 1));
                ys.add(shares.get(x - 1).data());
            }
            V.checkEqual(secret, Shamir.combine(use), "Shamir combine " + java.util.Arrays.toString(combo));
            V.checkEqual(secret, Gf256.interpolateAtZero(combo, ys), "Lagrange " + java.util.Arrays.toString(combo));
            Map<String, Object> m = Json.object();
            m.put("indices", V.ints(() -> java.util.Arrays.stream(combo).iterator()));
            m.put("secret", V.hex(secret));
            combines.add(m);
        }
        Map<String, Object> c = Json.object();
        c.put("name", name);
        c.put("secret", V.hex(secret));
        c.put("threshold", t);
        c.put("count", n);
        List<Object> rows = new ArrayList<>();
        coefficients.forEach(row -> rows.add(V.hex(row)));
        c.put("coefficients", rows);
        c.put("random_seed", V.hex(seed));
        c.put("shares", shareJson);
        c.put("combine", combines);
        return c;
    }

    static Map<String, Object> header(String description) {
        Map<String, Object> f = Json.object();
        f.put("format", "fedvae-test-vectors/1");
        f.put("description", description);
        return f;
    }
}
