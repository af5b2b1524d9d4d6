package org.fedvae.protocol.vectors;

import static org.fedvae.protocol.vectors.VectorFile.hex;
import static org.fedvae.protocol.vectors.VectorFile.list;
import static org.fedvae.protocol.vectors.VectorFile.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.util.Map;
import org.fedvae.protocol.encoding.ddp.ClientDpDigest;
import org.fedvae.protocol.proto.ClientDp;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggRoundConfig;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.junit.jupiter.api.Test;

/** round_config.json: digests and share indices of accepted configurations; refusal of the others. */
class RoundConfigVectorsTest {

    private static final Map<String, Object> FILE = VectorFile.load("round_config.json");

    @Test
    void acceptedConfigurations() throws Exception {
        for (Map<String, Object> c : list(FILE, "accepted")) {
            RoundConfig config = RoundConfig.fromProto(SecAggRoundConfig.parseFrom(hex(c, "config")));
            assertArrayEquals(hex(c, "digest"), config.digest(), str(c, "name"));
            assertArrayEquals(
                    hex(c, "digest"), MessageDigest.getInstance("SHA-256").digest(hex(c, "digest_input")));
            if (c.containsKey("client_dp")) {
                ClientDp dp = ClientDp.parseFrom(hex(c, "client_dp"));
                assertArrayEquals(hex(c, "client_dp_digest_input"), ClientDpDigest.input(dp), str(c, "name"));
                assertArrayEquals(hex(c, "client_dp_digest"), ClientDpDigest.of(dp), str(c, "name"));
                assertArrayEquals(hex(c, "client_dp_digest"), config.clientDpDigest(), str(c, "name"));
            }
            VectorFile.obj(c, "share_indices")
                    .forEach((id, index) -> assertEquals(
                            ((BigDecimal) index).intValueExact(), config.shareIndex(Integer.parseInt(id))));
        }
    }

    @Test
    void refusedConfigurations() {
        for (Map<String, Object> c : list(FILE, "refused")) {
            SecAggViolation v = assertThrows(
                    SecAggViolation.class,
                    () -> RoundConfig.fromProto(SecAggRoundConfig.parseFrom(hex(c, "config"))),
                    str(c, "name"));
            assertEquals(SecAggAbortReason.valueOf(str(c, "reason")), v.reason(), str(c, "name"));
        }
    }
}
