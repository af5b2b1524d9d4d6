package org.fedvae.protocol.vectors;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.fedvae.protocol.encoding.ddp.ClientDpDigest;
import org.fedvae.protocol.encoding.ddp.ClientDpWire;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.proto.ClientDp;
import org.fedvae.protocol.proto.SecAggRoundConfig;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggViolation;

/**
 * round_config.json's "client-dp" case (docs/PROTOCOL.md 3 and 7.1): a configuration that binds client-level DP
 * parameters, with the canonical ClientDp encoding, its SHA-256 (client_dp_digest) and the config digest that
 * appends it. The bytes are written out from the text ({@link SpecBytes}) and checked against the implementation.
 */
final class ClientDpBindingVectors {

    private ClientDpBindingVectors() {}

    static Map<String, Object> acceptedCase() throws SecAggViolation {
        // Four members, t = 3: the noise counts on at most t contributors; 10 coordinates padded to 12.
        ClientDp dp = ClientDp.newBuilder()
                .setDimension(10)
                .setBlockSize(4)
                .setClip(1.0)
                .setScale(1024.0)
                .setNoiseStddev(0.05)
                .setMinContributors(3)
                .setMaxParticipants(4)
                .setModulusBits(DdpParameters.MODULUS_BITS)
                .build();
        DdpParameters params = ClientDpWire.fromProto(dp);
        byte[] dpInput = SpecBytes.clientDpDigestInput(
                dp.getDimension(),
                dp.getBlockSize(),
                dp.getClip(),
                dp.getScale(),
                dp.getNoiseStddev(),
                dp.getMinContributors(),
                dp.getMaxParticipants(),
                dp.getModulusBits());
        V.checkEqual(dpInput, ClientDpDigest.input(dp), "canonical ClientDp encoding");
        byte[] dpDigest = SpecBytes.sha256(dpInput);
        V.checkEqual(dpDigest, ClientDpDigest.of(dp), "client_dp_digest");

        SecAggRoundConfig proto = ConfigVectors.base().toBuilder()
                .setVectorLength(params.paddedLength())
                .setClientDpDigest(ByteString.copyFrom(dpDigest))
                .build();
        RoundConfig config = RoundConfig.fromProto(proto);
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(SpecBytes.configDigestInput(proto));
        input.writeBytes(dpDigest);
        byte[] digest = SpecBytes.sha256(input.toByteArray());
        V.checkEqual(digest, config.digest(), "config digest with client_dp_digest appended");

        Map<String, Object> c =
                ConfigVectors.configCase("client-dp", proto.toByteArray(), input.toByteArray(), digest, config);
        c.put(
                "note",
                "A client-level DP round: the config digest appends client_dp_digest (32 bytes) after the last member. "
                        + "client_dp_digest = SHA-256(\"" + SpecBytes.CLIENT_DP_LABEL + "\" || BE32(dimension) || "
                        + "BE32(block_size) || BE64(bits of clip) || BE64(bits of scale) || BE64(bits of noise_stddev) "
                        + "|| BE32(min_contributors) || BE32(max_participants) || BE32(modulus_bits)).");
        c.put("client_dp", V.hex(dp.toByteArray()));
        c.put("client_dp_digest_input", V.hex(dpInput));
        c.put("client_dp_digest", V.hex(dpDigest));
        return c;
    }
}
