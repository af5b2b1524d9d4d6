package org.fedvae.protocol.vectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.secagg.SecAggViolation;

/**
 * Builds every test-vector file of docs/PROTOCOL.md. The output is a pure function of this code:
 * all randomness comes from {@link DeterministicRandom} streams with fixed labels. Each value is
 * checked against an independent recomputation before it is written.
 */
public final class VectorGenerator {

    private VectorGenerator() {}

    /** File name to content, in a fixed order. */
    public static Map<String, String> generate() {
        try {
            List<TranscriptVectors> rounds = new ArrayList<>();
            for (RoundScenario s : RoundScenario.standard()) {
                rounds.add(new TranscriptVectors(s));
            }
            TranscriptVectors main = rounds.get(0);
            Map<String, String> files = new LinkedHashMap<>();
            files.put("x25519.json", Json.write(CryptoVectors.x25519()));

            Map<String, Object> ed = CryptoVectors.header("Ed25519 (RFC 8032, pure) signatures by identity keys over "
                    + "the exact signed payloads: advertise = \"fedvae/secagg/advertise/v1\" || round_id (8 BE) || "
                    + "config digest (32) || signer id (4 BE) || c_pk || s_pk; consistency = "
                    + "\"fedvae/secagg/consistency/v1\" || round_id (8 BE) || session id (32) || number of survivors "
                    + "(4 BE) || survivor ids ascending (4 BE each); share-commitments (protocol v2) = "
                    + "\"fedvae/secagg/share-commitments/v2\" || round_id (8 BE) || session id (32) || dealer id (4 BE) || "
                    + "number of entries (4 BE) || for each entry, ascending recipient: recipient id (4 BE) || "
                    + "self_mask_commitment (32) || mask_key_commitment (32).");
            List<Object> sigs = new ArrayList<>();
            sigs.add(CryptoVectors.ed25519KnownAnswer());
            sigs.addAll(main.signatures);
            ed.put("cases", sigs);
            files.put("ed25519.json", Json.write(ed));

            Map<String, Object> hkdf = CryptoVectors.header("HKDF-SHA256 (RFC 5869). Every protocol key is HKDF(ikm, "
                    + "salt = session id, info = label, L = 32).");
            List<Object> kdf = new ArrayList<>();
            kdf.add(CryptoVectors.hkdfKnownAnswer());
            kdf.addAll(main.derivations);
            hkdf.put("cases", kdf);
            files.put("hkdf.json", Json.write(hkdf));

            Map<String, Object> share = CryptoVectors.header(
                    "Share encryption: AES-256-GCM, key = HKDF(X25519(c_sk_sender, "
                            + "c_pk_recipient), session id, \"fedvae/secagg/v1/share-encryption-key\"), nonce = sender (4 BE) || "
                            + "recipient (4 BE) || 4 zero bytes, aad = \"fedvae/secagg/shares/v1\" || session id || sender (4 BE) || "
                            + "recipient (4 BE), plaintext = SharePair protobuf, ciphertext = encryption || 16-byte tag. Protocol v2 "
                            + "commitments: SHA-256(\"fedvae/secagg/share-commitment/v2\" || session id || sender (4 BE) || "
                            + "recipient (4 BE) || 'b' (self_mask_commitment) or 's' (mask_key_commitment) || the share).");
            share.put("cases", new ArrayList<Object>(main.shareEncryptions));
            files.put("share_encryption.json", Json.write(share));

            files.put("mask_prg.json", Json.write(CryptoVectors.maskPrg(List.of(main.selfMaskPrgCase(3)))));
            files.put("session_id.json", Json.write(CryptoVectors.sessionId(main.sessionIdCase())));
            files.put("shamir.json", Json.write(CryptoVectors.shamir()));
            List<Map<String, Object>> configs = new ArrayList<>();
            rounds.forEach(r -> configs.add(r.configCase()));
            configs.add(ClientDpBindingVectors.acceptedCase());
            configs.add(ConfigVectors.wideClipCountCase());
            files.put("round_config.json", Json.write(ConfigVectors.build(configs)));
            files.put("encoding.json", Json.write(EncodingVectors.build()));
            files.put("client_dp.json", Json.write(ClientDpVectors.build()));
            files.put("graph.json", Json.write(GraphVectors.build()));
            files.put("framing.json", Json.write(FramingVectors.build()));
            for (TranscriptVectors r : rounds) {
                files.put("transcript_" + r.scenario.name().replace('-', '_') + ".json", Json.write(r.transcript()));
            }
            return files;
        } catch (SecAggViolation e) {
            throw new IllegalStateException("a vector round configuration was refused: " + e.getMessage(), e);
        }
    }

    /** Writes every file into {@code dir} (created if needed) and returns the paths written. */
    public static List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> f : generate().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
            written.add(p);
        }
        return written;
    }
}
