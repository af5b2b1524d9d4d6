package org.fedvae.protocol.secagg;

import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggEncoding;

/** Converts between {@link EncodingConfig} and its wire form, validating on the way in. */
final class EncodingParams {

    private EncodingParams() {}

    static SecAggEncoding toProto(EncodingConfig c) {
        return SecAggEncoding.newBuilder()
                .setClipRange(c.clipRange())
                .setScaleBits(c.scaleBits())
                .setMaxWeight(c.maxWeight())
                .setMaxParticipants(c.maxParticipants())
                .build();
    }

    /** Refuses an encoding that could wrap mod 2^32 when all {@code cohortSize} inputs are summed. */
    static EncodingConfig fromProto(SecAggEncoding p, int cohortSize) throws SecAggViolation {
        EncodingConfig c;
        try {
            c = new EncodingConfig(p.getClipRange(), p.getScaleBits(), p.getMaxWeight(), p.getMaxParticipants());
        } catch (IllegalArgumentException e) {
            throw new SecAggViolation(SecAggAbortReason.INVALID_CONFIG, "unusable encoding: " + e.getMessage());
        }
        if (c.maxParticipants() < cohortSize) {
            throw new SecAggViolation(
                    SecAggAbortReason.INVALID_CONFIG,
                    "the encoding is proven not to wrap for " + c.maxParticipants() + " participants, the cohort has "
                            + cohortSize);
        }
        return c;
    }
}
