package org.fedvae.protocol.encoding.ddp;

import org.fedvae.protocol.proto.ClientDp;

/** {@link DdpParameters} to and from the RoundStart's {@code ClientDp} message. */
public final class ClientDpWire {

    private ClientDpWire() {}

    public static ClientDp toProto(DdpParameters p) {
        return ClientDp.newBuilder()
                .setDimension(p.dimension())
                .setBlockSize(p.blockSize())
                .setClip(p.clip())
                .setScale(p.scale())
                .setNoiseStddev(p.noiseStddev())
                .setMinContributors(p.minContributors())
                .setMaxParticipants(p.maxParticipants())
                .setModulusBits(DdpParameters.MODULUS_BITS)
                .build();
    }

    /**
     * @throws IllegalArgumentException if a value is out of range or the modulus is not 2^32
     */
    public static DdpParameters fromProto(ClientDp m) {
        if (m.getModulusBits() != DdpParameters.MODULUS_BITS) {
            throw new IllegalArgumentException(
                    "modulus bits must be " + DdpParameters.MODULUS_BITS + ", got " + m.getModulusBits());
        }
        return new DdpParameters(
                unsigned(m.getDimension(), "dimension"),
                unsigned(m.getBlockSize(), "block size"),
                m.getClip(),
                m.getScale(),
                m.getNoiseStddev(),
                unsigned(m.getMinContributors(), "min contributors"),
                unsigned(m.getMaxParticipants(), "max participants"));
    }

    private static int unsigned(int value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " " + Integer.toUnsignedString(value) + " is beyond 2^31 - 1");
        }
        return value;
    }
}
