package org.fedvae.protocol.secagg;

import org.fedvae.protocol.proto.AdvertiseKeys;
import org.fedvae.protocol.proto.AdvertisedKeys;

/** One participant's advertised round keys, after its signature was checked. */
record PeerKeys(int id, byte[] cPk, byte[] sPk, byte[] signature) {

    static PeerKeys of(int id, AdvertiseKeys keys) {
        return new PeerKeys(
                id,
                keys.getCPk().toByteArray(),
                keys.getSPk().toByteArray(),
                keys.getSignature().toByteArray());
    }

    AdvertisedKeys toProto() {
        return AdvertisedKeys.newBuilder()
                .setParticipantId(id)
                .setKeys(AdvertiseKeys.newBuilder()
                        .setCPk(com.google.protobuf.ByteString.copyFrom(cPk))
                        .setSPk(com.google.protobuf.ByteString.copyFrom(sPk))
                        .setSignature(com.google.protobuf.ByteString.copyFrom(signature)))
                .build();
    }
}
