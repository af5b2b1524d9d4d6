package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.http.DashboardServer;
import org.fedvae.coordinator.http.FederationStatus;
import org.fedvae.coordinator.http.HttpAccess;
import org.fedvae.coordinator.http.PrometheusText;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.TransportLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real coordinator feeds the dashboard through its listener: stage changes with their
 * deadlines arrive as the rounds go, and /metrics after the run adds up to the rounds' metrics.
 */
@Timeout(60)
class DashboardFederationTest {

    @Test
    void metricsAfterARunAddUpToTheRoundsMetrics() throws Exception {
        List<String> stages = new CopyOnWriteArrayList<>();
        FederationStatus status = new FederationStatus("scripted", 2);
        FederationListener stageLog = new FederationListener() {
            @Override
            public void stageStarted(long roundId, String stage, Duration timeout) {
                stages.add(roundId + ":" + stage);
            }
        };
        EventLoopGroup clients = new Endpoint.InVm("unused").newEventLoopGroup(2, "scripted-clients");
        try (ScriptedFederation fed = new ScriptedFederation(
                        ScriptedFederation.policy(2, 3),
                        ScriptedFederation.honest(1, 3),
                        TransportLimits.DEFAULTS,
                        FederationListener.all(status, stageLog));
                DashboardServer server = DashboardServer.start(
                        new HttpAccess(new Endpoint.Tcp("127.0.0.1", 0), null, null), status, null)) {
            fed.connectAll(clients);
            List<RoundMetrics> rounds = new ArrayList<>();
            rounds.add(fed.nextRound().metrics());
            rounds.add(fed.nextRound().metrics());
            assertEquals(2L, fed.coordinator.finished().get(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS));

            assertEquals("1:advertise_keys", stages.get(0));
            assertTrue(stages.contains("1:unmasking") && stages.contains("2:unmasking"), stages.toString());
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.url(false) + "metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            Map<String, PrometheusText.Family> m = PrometheusText.parse(r.body());
            assertEquals(2, PrometheusText.value(m, "fedvae_rounds_completed_total"));
            assertEquals(rounds.stream().mapToLong(RoundMetrics::bytesIn).sum(), (long)
                    PrometheusText.value(m, "fedvae_bytes_received_total"));
            assertEquals(rounds.stream().mapToLong(RoundMetrics::bytesOut).sum(), (long)
                    PrometheusText.value(m, "fedvae_bytes_sent_total"));
            assertEquals(
                    rounds.stream().mapToDouble(RoundMetrics::seconds).sum(),
                    PrometheusText.value(m, "fedvae_round_seconds_sum"),
                    1e-9);
            assertEquals(rounds.get(1).threshold(), (int) PrometheusText.value(m, "fedvae_round_threshold"));
            assertEquals(1, PrometheusText.value(m, "fedvae_federation_finished"));
            assertEquals(0, PrometheusText.value(m, "fedvae_participants_connected"));
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
