package org.fedvae.simulations.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.fedvae.coordinator.conformance.CheckResult;
import org.fedvae.coordinator.conformance.ParticipantKit;
import org.fedvae.coordinator.enrol.Enrolment;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.participant.federation.FederationParticipant;
import org.fedvae.participant.federation.ParticipantConfig;
import org.fedvae.participant.federation.ReconnectPolicy;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.transport.CredentialFiles;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.IdentityKeys;
import org.fedvae.protocol.transport.PemFiles;
import org.fedvae.protocol.transport.TlsContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our real participant (VAE training included) against the participant side of the
 * conformance kit, over loopback TCP with mutual TLS and the real enrolment: every check passes.
 */
@Timeout(240)
class ConformanceParticipantSideTest {

    @TempDir
    Path tmp;

    @Test
    void ourParticipantPassesEveryParticipantCheck() throws Exception {
        FederationDirectory fed = new FederationDirectory(tmp.resolve("federation"));
        Enrolment enrolment = new Enrolment(fed);
        enrolment.initCa("Conformance CA", 30, false);
        enrolment.coordinator("localhost", 30, false);
        enrolment.participant("site-1", 30, false);
        ModelParameters model = new Vae(VaeConfig.defaults(11)).parameters();
        List<CheckResult> results = new ArrayList<>();
        try (ParticipantKit.KitServerHandle kit = ParticipantKit.listen(fed, "127.0.0.1", 0)) {
            CredentialFiles files = fed.participant("site-1");
            // Reconnects quickly: the transport checks each end a connection.
            FederationParticipant site = FederationParticipant.start(
                    ParticipantConfig.builder(
                                    "site-1",
                                    IdentityKeys.readIdentityKey(files),
                                    new Endpoint.Tcp("127.0.0.1", kit.port()),
                                    TestData.train(1, 64),
                                    TestData.test(1, 16))
                            .tls(TlsContexts.client(files), "localhost")
                            .reconnect(new ReconnectPolicy(
                                    Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMinutes(5)))
                            .federationCa(PemFiles.readCertificate(files.caCertificate()))
                            .build(),
                    null);
            try {
                kit.kit(model, Duration.ofSeconds(60), 1).runAll(results::add);
            } finally {
                site.close();
            }
        }
        String lines = results.stream().map(CheckResult::line).collect(Collectors.joining("\n"));
        assertEquals(9, results.size(), lines);
        assertTrue(results.stream().allMatch(CheckResult::passed), lines);
    }
}
