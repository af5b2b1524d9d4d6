package org.fedvae.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.UnmaskingResponse;
import org.fedvae.protocol.secagg.SecAggStage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fuzz harness's share-integrity invariant is not vacuous: an altered revealed share, from the
 * authenticated responder or forged under its id, reaches the coordinator and is refused (protocol v2).
 */
class AlteredShareFuzzTest {

    private static final SecAggFuzzTargets TARGETS = new SecAggFuzzTargets();

    private static SecAggMessage altered(int responder) {
        SecAggMessage real = TARGETS.honestUpstream(responder, SecAggStage.UNMASKING);
        UnmaskingResponse.Builder r = real.getUnmaskingResponse().toBuilder();
        RevealedShare s = r.getSelfMaskShares(0);
        byte[] bytes = s.getShare().toByteArray();
        bytes[17] ^= 0x40;
        r.setSelfMaskShares(0, s.toBuilder().setShare(ByteString.copyFrom(bytes)));
        return real.toBuilder().setUnmaskingResponse(r).build();
    }

    @ParameterizedTest(name = "authenticated: {0}")
    @ValueSource(booleans = {true, false})
    void anAlteredShareIsRefusedAndEveryInvariantHolds(boolean authenticated) {
        int responder = Fixture.IDS.get(1);
        Verdict v = TARGETS.run(FuzzInput.coordinator(
                SecAggStage.UNMASKING,
                responder,
                authenticated,
                altered(responder).toByteArray()));
        assertNull(v.failure());
        assertEquals(authenticated ? "coordinator-refused" : "coordinator-unauthenticated", v.category());
    }
}
