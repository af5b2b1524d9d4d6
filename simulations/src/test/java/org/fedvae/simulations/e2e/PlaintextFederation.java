package org.fedvae.simulations.e2e;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.fedvae.coordinator.enrol.ThrowawayFederation;
import org.fedvae.coordinator.federation.CoordinatorConfig;
import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.federation.ParticipantConfig;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.TransportException;

/**
 * Sites {@code site-1..site-n} of a throwaway federation, for the wire tests: a coordinator on
 * loopback TCP WITHOUT TLS, so that a relay in front of it records exactly the frames the
 * coordinator reads, and certificates handed over as an in-VM simulation would.
 */
record PlaintextFederation(ThrowawayFederation ca, Map<String, Ed25519KeyPair> identities) {

    static PlaintextFederation of(int sites) throws Exception {
        SecureRandom random = new SecureRandom();
        Map<String, Ed25519KeyPair> identities = new TreeMap<>();
        for (int i = 1; i <= sites; i++) {
            identities.put("site-" + i, Ed25519KeyPair.generate(random));
        }
        return new PlaintextFederation(ThrowawayFederation.create("Wire test CA"), identities);
    }

    /** One round over {@code sites} sites with the wire tests' deadlines, masked or not. */
    static RoundPolicy oneRound(int sites, boolean secure) {
        return RoundPolicy.defaults(1, sites)
                .with(new RoundPolicy.Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(90)))
                .withSecureAggregation(secure);
    }

    /** Site {@code id} dialling {@code port} (the relay in front of the coordinator), trusting this CA. */
    ParticipantConfig.Builder participant(String id, int port, ImageSet train, ImageSet test) {
        return ParticipantConfig.builder(
                        id, identities.get(id).privateKey(), new Endpoint.Tcp("127.0.0.1", port), train, test)
                .federationCa(ca.caCertificate());
    }

    /** A coordinator on any free loopback port that admits exactly these sites. */
    CoordinatorConfig.Builder coordinator(RoundPolicy policy) throws Exception {
        Map<String, X509Certificate> certificates = new TreeMap<>();
        for (Map.Entry<String, Ed25519KeyPair> e : identities.entrySet()) {
            certificates.put(e.getKey(), ca.issue(e.getKey(), e.getValue().publicKey()));
        }
        return CoordinatorConfig.builder(
                        new Endpoint.Tcp("127.0.0.1", 0),
                        (channel, hello) -> {
                            Ed25519KeyPair kp = identities.get(hello.getParticipantId());
                            if (kp == null) {
                                throw new TransportException(ErrorCode.UNKNOWN_PARTICIPANT, hello.getParticipantId());
                            }
                            return new AuthenticatedPeer(
                                    hello.getParticipantId(),
                                    IdentityKeys.publicKey(kp.publicKey()),
                                    certificates.get(hello.getParticipantId()));
                        },
                        policy)
                .revocations(ca::revocationList);
    }
}
