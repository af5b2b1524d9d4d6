package org.fedvae.protocol.vectors;

import static org.fedvae.protocol.vectors.VectorFile.hex;
import static org.fedvae.protocol.vectors.VectorFile.integer;
import static org.fedvae.protocol.vectors.VectorFile.list;
import static org.fedvae.protocol.vectors.VectorFile.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.crypto.AesGcm;
import org.fedvae.protocol.crypto.CryptoException;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.crypto.Hkdf;
import org.fedvae.protocol.crypto.KeyDerivation;
import org.fedvae.protocol.crypto.MaskPrg;
import org.fedvae.protocol.crypto.SessionId;
import org.fedvae.protocol.crypto.Shamir;
import org.fedvae.protocol.crypto.ShamirShare;
import org.fedvae.protocol.crypto.X25519;
import org.fedvae.protocol.crypto.X25519KeyPair;
import org.fedvae.protocol.proto.SharePair;
import org.junit.jupiter.api.Test;

/** Recomputes every vector of the primitive files with the implementation and compares. */
class CryptoVectorsTest {

    @Test
    void x25519() {
        for (Map<String, Object> c : list(VectorFile.load("x25519.json"), "cases")) {
            byte[] sk = hex(c, "private_key");
            byte[] peer = hex(c, "peer_public_key");
            if (c.containsKey("error")) {
                assertThrows(CryptoException.class, () -> X25519.agree(sk, peer), str(c, "name"));
                continue;
            }
            assertArrayEquals(
                    hex(c, "public_key"), X25519KeyPair.fromPrivateKey(sk).publicKey(), str(c, "name"));
            assertArrayEquals(hex(c, "shared_secret"), X25519.agree(sk, peer), str(c, "name"));
            if (c.containsKey("private_key_random_bytes")) {
                X25519KeyPair generated =
                        X25519KeyPair.generate(new FixedBytesRandom(hex(c, "private_key_random_bytes")));
                assertArrayEquals(sk, generated.privateKey(), "generation clamps the random bytes");
            }
        }
    }

    @Test
    void ed25519SignaturesOverTheSignedPayloads() {
        for (Map<String, Object> c : list(VectorFile.load("ed25519.json"), "cases")) {
            byte[] sk = hex(c, "identity_private_key");
            byte[] payload = hex(c, "payload");
            assertArrayEquals(
                    hex(c, "identity_public_key"),
                    Ed25519KeyPair.fromPrivateKey(sk).publicKey());
            assertArrayEquals(hex(c, "signature"), Ed25519.sign(sk, payload), str(c, "kind"));
            assertTrue(Ed25519.verify(hex(c, "identity_public_key"), payload, hex(c, "signature")));
            if ("advertise".equals(str(c, "kind"))) {
                assertArrayEquals(
                        payload,
                        concat(
                                ascii("fedvae/secagg/advertise/v1"),
                                be64(Long.parseUnsignedLong(str(c, "round_id"))),
                                hex(c, "config_digest"),
                                be32(integer(c, "signer_id")),
                                hex(c, "c_pk"),
                                hex(c, "s_pk")));
            } else if ("consistency".equals(str(c, "kind"))) {
                int[] survivors = VectorFile.ints(c, "survivors");
                ByteArrayOutputStream ids = new ByteArrayOutputStream();
                for (int id : survivors) {
                    ids.writeBytes(be32(id));
                }
                assertArrayEquals(
                        payload,
                        concat(
                                ascii("fedvae/secagg/consistency/v1"),
                                be64(Long.parseUnsignedLong(str(c, "round_id"))),
                                hex(c, "session_id"),
                                be32(survivors.length),
                                ids.toByteArray()));
            } else if ("share-commitments".equals(str(c, "kind"))) {
                List<Map<String, Object>> entries = list(c, "commitments");
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                for (Map<String, Object> e : entries) {
                    body.writeBytes(concat(
                            be32(integer(e, "recipient_id")),
                            hex(e, "self_mask_commitment"),
                            hex(e, "mask_key_commitment")));
                }
                assertArrayEquals(
                        payload,
                        concat(
                                ascii("fedvae/secagg/share-commitments/v2"),
                                be64(Long.parseUnsignedLong(str(c, "round_id"))),
                                hex(c, "session_id"),
                                be32(integer(c, "signer_id")),
                                be32(entries.size()),
                                body.toByteArray()));
            } else if (!"rfc8032-test-1".equals(str(c, "kind"))) {
                throw new AssertionError("unknown signed payload kind " + str(c, "kind"));
            }
        }
    }

    @Test
    void hkdfAndTheProtocolKeyDerivations() {
        for (Map<String, Object> c : list(VectorFile.load("hkdf.json"), "cases")) {
            byte[] ikm = hex(c, "ikm");
            byte[] salt = hex(c, "salt");
            byte[] okm = hex(c, "okm");
            assertArrayEquals(okm, Hkdf.sha256(ikm, salt, hex(c, "info"), integer(c, "length")), str(c, "use"));
            byte[] viaProtocol =
                    switch (str(c, "use")) {
                        case "share-encryption-key" -> KeyDerivation.shareEncryptionKey(ikm, salt);
                        case "pairwise-mask-key" -> KeyDerivation.pairwiseMaskKey(ikm, salt);
                        case "self-mask-key" -> KeyDerivation.selfMaskKey(ikm, salt);
                        default -> okm;
                    };
            assertArrayEquals(okm, viaProtocol, str(c, "use"));
        }
    }

    @Test
    void shareEncryption() throws InvalidProtocolBufferException {
        List<Map<String, Object>> cases = list(VectorFile.load("share_encryption.json"), "cases");
        assertFalse(cases.isEmpty());
        for (Map<String, Object> c : cases) {
            int sender = integer(c, "sender_id");
            int recipient = integer(c, "recipient_id");
            byte[] shared = X25519.agree(hex(c, "sender_c_sk"), hex(c, "recipient_c_pk"));
            assertArrayEquals(hex(c, "shared_secret"), shared);
            byte[] key = KeyDerivation.shareEncryptionKey(shared, hex(c, "session_id"));
            assertArrayEquals(hex(c, "key"), key);
            assertArrayEquals(hex(c, "nonce"), KeyDerivation.shareNonce(sender, recipient));
            byte[] aad = hex(c, "aad");
            assertArrayEquals(
                    aad, concat(ascii("fedvae/secagg/shares/v1"), hex(c, "session_id"), be32(sender), be32(recipient)));
            SharePair pair = SharePair.parseFrom(hex(c, "plaintext"));
            assertArrayEquals(hex(c, "self_mask_share"), pair.getSelfMaskShare().toByteArray());
            assertArrayEquals(hex(c, "mask_key_share"), pair.getMaskKeyShare().toByteArray());
            // Protocol v2: the sender's commitments to both shares.
            byte[] label = ascii("fedvae/secagg/share-commitment/v2");
            byte[] session = hex(c, "session_id");
            assertArrayEquals(
                    hex(c, "self_mask_commitment"),
                    sha256(concat(
                            label,
                            session,
                            be32(sender),
                            be32(recipient),
                            new byte[] {'b'},
                            hex(c, "self_mask_share"))));
            assertArrayEquals(
                    hex(c, "mask_key_commitment"),
                    sha256(concat(
                            label,
                            session,
                            be32(sender),
                            be32(recipient),
                            new byte[] {'s'},
                            hex(c, "mask_key_share"))));
            assertArrayEquals(hex(c, "ciphertext"), AesGcm.encrypt(key, hex(c, "nonce"), hex(c, "plaintext"), aad));
            assertArrayEquals(hex(c, "plaintext"), AesGcm.decrypt(key, hex(c, "nonce"), hex(c, "ciphertext"), aad));
        }
    }

    @Test
    void maskPrgWordsIncludingChunkBoundaries() {
        for (Map<String, Object> c : list(VectorFile.load("mask_prg.json"), "cases")) {
            List<Map<String, Object>> samples = list(c, "samples");
            int n = integer(samples.get(samples.size() - 1), "index") + 1;
            int[] stream = MaskPrg.words(hex(c, "key"), hex(c, "iv"), n);
            int[] first = VectorFile.words(c, "first_words");
            for (int i = 0; i < first.length; i++) {
                assertEquals(first[i], stream[i], str(c, "name") + " word " + i);
            }
            assertArrayEquals(first, VectorFile.wordsLe(hex(c, "first_words_le")));
            for (Map<String, Object> s : samples) {
                assertEquals(
                        VectorFile.longValue(s, "word"),
                        Integer.toUnsignedLong(stream[integer(s, "index")]),
                        str(c, "name") + " word " + integer(s, "index"));
            }
        }
    }

    @Test
    void sessionIds() throws Exception {
        for (Map<String, Object> c : list(VectorFile.load("session_id.json"), "cases")) {
            List<SessionId.Entry> entries = new ArrayList<>();
            for (Map<String, Object> e : list(c, "entries")) {
                entries.add(new SessionId.Entry(integer(e, "id"), hex(e, "c_pk"), hex(e, "s_pk")));
            }
            long round = Long.parseUnsignedLong(str(c, "round_id"));
            assertArrayEquals(hex(c, "session_id"), SessionId.compute(round, entries), str(c, "name"));
            assertArrayEquals(
                    hex(c, "session_id"), MessageDigest.getInstance("SHA-256").digest(hex(c, "input")));
        }
    }

    @Test
    void shamirSplitWithFixedRandomnessAndCombine() {
        for (Map<String, Object> c : list(VectorFile.load("shamir.json"), "cases")) {
            byte[] secret = hex(c, "secret");
            ByteArrayOutputStream coefficients = new ByteArrayOutputStream();
            @SuppressWarnings("unchecked")
            List<Object> rows = (List<Object>) VectorFile.get(c, "coefficients");
            rows.forEach(r -> coefficients.writeBytes(java.util.HexFormat.of().parseHex((String) r)));
            List<ShamirShare> shares = Shamir.split(
                    secret,
                    integer(c, "threshold"),
                    integer(c, "count"),
                    new FixedBytesRandom(coefficients.toByteArray()));
            List<Map<String, Object>> expected = list(c, "shares");
            assertEquals(expected.size(), shares.size());
            for (int i = 0; i < shares.size(); i++) {
                assertEquals(integer(expected.get(i), "index"), shares.get(i).index());
                assertArrayEquals(
                        hex(expected.get(i), "data"), shares.get(i).data(), str(c, "name") + " share " + (i + 1));
            }
            for (Map<String, Object> combine : list(c, "combine")) {
                List<ShamirShare> use = new ArrayList<>();
                for (int x : VectorFile.ints(combine, "indices")) {
                    use.add(new ShamirShare(x, hex(expected.get(x - 1), "data")));
                }
                assertArrayEquals(hex(combine, "secret"), Shamir.combine(use));
            }
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] sha256(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] be32(int v) {
        return java.nio.ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] be64(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
