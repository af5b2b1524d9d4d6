package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalChannel;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import org.fedvae.coordinator.enrol.ThrowawayFederation;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.Hello;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.TransportException;
import org.junit.jupiter.api.Test;

class AuthenticatorsTest {

    private static Hello hello(String id) {
        return Hello.newBuilder().setParticipantId(id).build();
    }

    @Test
    void inVmAuthenticatorAdmitsExactlyTheGivenIdsWithTheirKeysAndOnlyInVm() throws Exception {
        Ed25519KeyPair kp = Ed25519KeyPair.generate(new SecureRandom());
        X509Certificate cert = ThrowawayFederation.create("Test CA").issue("site-1", kp.publicKey());
        InVmAuthenticator auth = new InVmAuthenticator(List.of(cert));
        AuthenticatedPeer peer = auth.authenticate(new LocalChannel(), hello("site-1"));
        assertEquals("site-1", peer.participantId());
        assertEquals(IdentityKeys.publicKey(kp.publicKey()), peer.identityKey());
        assertEquals(cert, peer.certificate()); // what the coordinator passes to the cohorts
        assertEquals(
                ErrorCode.UNKNOWN_PARTICIPANT,
                assertThrows(TransportException.class, () -> auth.authenticate(new LocalChannel(), hello("site-2")))
                        .code());
        assertEquals(
                ErrorCode.UNAUTHENTICATED,
                assertThrows(TransportException.class, () -> auth.authenticate(new EmbeddedChannel(), hello("site-1")))
                        .code());
    }

    @Test
    void uniquePeersRefusesASecondConnectionUntilTheFirstCloses() {
        Ed25519KeyPair kp = Ed25519KeyPair.generate(new SecureRandom());
        UniquePeers unique = new UniquePeers(
                (ch, h) -> new AuthenticatedPeer(h.getParticipantId(), IdentityKeys.publicKey(kp.publicKey())));
        EmbeddedChannel first = new EmbeddedChannel();
        unique.authenticate(first, hello("site-1"));
        unique.authenticate(new EmbeddedChannel(), hello("site-2"));
        TransportException dup = assertThrows(
                TransportException.class, () -> unique.authenticate(new EmbeddedChannel(), hello("site-1")));
        assertEquals(ErrorCode.DUPLICATE_PARTICIPANT, dup.code());
        first.close().syncUninterruptibly();
        unique.authenticate(new EmbeddedChannel(), hello("site-1"));
    }

    @Test
    void uniquePeersRequiresAnIdentityKey() {
        UniquePeers unique = new UniquePeers((ch, h) -> new AuthenticatedPeer(h.getParticipantId(), null));
        assertEquals(
                ErrorCode.UNAUTHENTICATED,
                assertThrows(
                                TransportException.class,
                                () -> unique.authenticate(new EmbeddedChannel(), hello("site-1")))
                        .code());
    }
}
