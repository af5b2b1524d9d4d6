package org.fedvae.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedvae.coordinator.federation.RoundAbort;
import org.fedvae.coordinator.federation.RoundMetrics;
import org.fedvae.protocol.transport.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP server over a status fed by hand: documents, metrics, access rules, and what it never shows. */
class DashboardServerTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FederationStatus status;
    private DashboardServer server;

    @BeforeEach
    void feed() {
        status = new FederationStatus("test-fed", 5, Clock.fixed(NOW, ZoneOffset.UTC));
        for (String s : List.of("site-a", "site-b", "site-c")) {
            status.participantConnected(s, 0);
        }
        status.roundStarted(1, List.of("site-a", "site-b", "site-c"), 2);
        status.stageStarted(1, "advertise_keys", Duration.ofSeconds(30));
        status.roundFinished(completed(1, 181.5, 1_000, 2_000, 4.0), null);
        status.centralTestLoss(1, 99.25);
        status.participantDisconnected("site-c", 2);
        status.roundStarted(2, List.of("site-a", "site-b"), 2);
        status.roundFinished(aborted(2, 300, 400, 2.5), null);
        status.roundStarted(3, List.of("site-a", "site-b"), 2);
        status.stageStarted(3, "masked_input", Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static RoundMetrics completed(long round, double loss, long in, long out, double seconds) {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("advertise_keys", 1.0);
        stages.put("masked_input", seconds - 1);
        return new RoundMetrics(
                round,
                true,
                List.of("site-a", "site-b", "site-c"),
                2,
                List.of("site-a", "site-b"),
                Optional.empty(),
                Optional.empty(),
                100,
                loss,
                50,
                7,
                in,
                out,
                stages,
                seconds);
    }

    static RoundMetrics aborted(long round, long in, long out, double seconds) {
        return new RoundMetrics(
                round,
                true,
                List.of("site-a", "site-b"),
                2,
                List.of(),
                Optional.of(new RoundAbort(RoundAbort.Cause.TIMEOUT, "share_keys", "the stage closed with 1 of 2")),
                Optional.empty(),
                0,
                Double.NaN,
                0,
                0,
                in,
                out,
                Map.of("advertise_keys", 1.0),
                seconds);
    }

    private String base(HttpAccess access) throws IOException {
        server = DashboardServer.start(access, status, round -> round == 1 ? Optional.of(PNG) : Optional.empty());
        return server.url(false);
    }

    private String base() throws IOException {
        return base(new HttpAccess(new Endpoint.Tcp("127.0.0.1", 0), null, null));
    }

    private HttpResponse<byte[]> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void statusDocumentHasTheRoundInProgressAndTheTotals() throws Exception {
        HttpResponse<byte[]> r = get(base() + "api/status");
        assertEquals(200, r.statusCode());
        assertEquals(
                "application/json; charset=utf-8",
                r.headers().firstValue("content-type").orElseThrow());
        JsonNode s = json.readTree(r.body());
        assertEquals("test-fed", s.get("federation").asText());
        assertEquals(5, s.get("rounds_planned").asInt());
        assertEquals(2, s.get("rounds_done").asInt());
        assertFalse(s.get("finished").asBoolean());
        JsonNode c = s.get("current_round");
        assertEquals(3, c.get("round").asInt());
        assertEquals("masked_input", c.get("stage").asText());
        assertEquals("2026-01-02T03:04:35Z", c.get("stage_deadline").asText());
        assertEquals(30.0, c.get("seconds_left").asDouble());
        assertEquals(2, c.get("cohort").asInt());
        assertEquals(2, c.get("threshold").asInt());
        assertEquals(2, s.get("participants").get("connected").asInt());
        assertEquals(
                "[\"site-a\",\"site-b\"]", s.get("participants").get("names").toString());
        assertEquals(2, s.get("last_round").get("round").asInt());
        assertEquals("TIMEOUT", s.get("last_round").get("abort").get("cause").asText());
        JsonNode t = s.get("totals");
        assertEquals(1, t.get("completed").asInt());
        assertEquals(1, t.get("aborted").asInt());
        assertEquals(1, t.get("aborts_by_cause").get("TIMEOUT").asInt());
        assertEquals(0, t.get("aborts_by_cause").get("BELOW_THRESHOLD").asInt());
        assertEquals(1_300, t.get("bytes_in").asLong());
        assertEquals(2_400, t.get("bytes_out").asLong());
        assertTrue(s.get("samples").asBoolean());
    }

    @Test
    void roundsDocumentListsEveryFinishedRound() throws Exception {
        JsonNode rounds = json.readTree(get(base() + "api/rounds").body());
        assertEquals(2, rounds.size());
        JsonNode one = rounds.get(0);
        assertEquals(1, one.get("round").asInt());
        assertTrue(one.get("completed").asBoolean());
        assertEquals(3, one.get("cohort").asInt());
        assertEquals(2, one.get("survivors").asInt());
        assertEquals(181.5, one.get("federated_test_loss").asDouble());
        assertEquals(99.25, one.get("test_loss").asDouble());
        assertEquals(1_000, one.get("bytes_in").asLong());
        assertEquals(3.0, one.get("stage_seconds").get("masked_input").asDouble());
        assertTrue(one.get("abort").isNull());
        JsonNode two = rounds.get(1);
        assertFalse(two.get("completed").asBoolean());
        assertTrue(two.get("federated_test_loss").isNull(), "NaN is null in JSON");
        assertEquals("share_keys", two.get("abort").get("stage").asText());
        assertEquals(
                "the stage closed with 1 of 2", two.get("abort").get("detail").asText());
    }

    @Test
    void metricsAreValidExpositionWithTheRoundCounters() throws Exception {
        HttpResponse<byte[]> r = get(base() + "metrics");
        assertEquals(
                PrometheusExposition.CONTENT_TYPE,
                r.headers().firstValue("content-type").orElseThrow());
        Map<String, PrometheusText.Family> m = PrometheusText.parse(text(r));
        for (PrometheusText.Family f : m.values()) {
            assertNotNull(f.help(), f.name() + " has no HELP");
            assertFalse(f.type().equals("untyped"), f.name() + " has no TYPE");
            assertTrue(f.name().startsWith("fedvae_"), f.name());
        }
        assertEquals("counter", m.get("fedvae_rounds_completed_total").type());
        assertEquals(1, PrometheusText.value(m, "fedvae_rounds_completed_total"));
        assertEquals(1, PrometheusText.value(m, "fedvae_round_aborts_total", Map.of("cause", "TIMEOUT")));
        for (RoundAbort.Cause c : RoundAbort.Cause.values()) {
            if (c != RoundAbort.Cause.TIMEOUT) {
                assertEquals(0, PrometheusText.value(m, "fedvae_round_aborts_total", Map.of("cause", c.name())));
            }
        }
        assertEquals("summary", m.get("fedvae_round_seconds").type());
        assertEquals(6.5, PrometheusText.value(m, "fedvae_round_seconds_sum"));
        assertEquals(2, PrometheusText.value(m, "fedvae_round_seconds_count"));
        assertEquals(1_300, PrometheusText.value(m, "fedvae_bytes_received_total"));
        assertEquals(2_400, PrometheusText.value(m, "fedvae_bytes_sent_total"));
        assertEquals(7, PrometheusText.value(m, "fedvae_clipped_coordinates_total"));
        assertEquals(2, PrometheusText.value(m, "fedvae_participants_connected"));
        assertEquals(3, PrometheusText.value(m, "fedvae_round_in_progress"));
        assertEquals(2, PrometheusText.value(m, "fedvae_rounds_done"));
        assertEquals(5, PrometheusText.value(m, "fedvae_rounds_planned"));
        assertEquals(181.5, PrometheusText.value(m, "fedvae_federated_test_loss"));
    }

    @Test
    void nothingNamesASiteThatIsNotConnected() throws Exception {
        String b = base();
        for (String path : List.of("", "api/status", "api/rounds", "metrics")) {
            String body = text(get(b + path));
            assertFalse(body.contains("site-c"), path + " names a departed site");
        }
        // The connected ones appear only as the list of names.
        assertFalse(text(get(b + "api/rounds")).contains("site-a"));
    }

    @Test
    void pageAndSampleGridsComeFromTheServer() throws Exception {
        String b = base();
        HttpResponse<byte[]> page = get(b);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElseThrow().startsWith("text/html"));
        String html = text(page);
        assertTrue(html.contains("id=\"loss-chart\""));
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "the page loads nothing from elsewhere");
        assertTrue(page.headers()
                .firstValue("content-security-policy")
                .orElseThrow()
                .contains("default-src 'none'"));
        HttpResponse<byte[]> png = get(b + "rounds/1/samples.png");
        assertEquals("image/png", png.headers().firstValue("content-type").orElseThrow());
        assertArrayEquals(PNG, png.body());
        assertEquals(404, get(b + "rounds/2/samples.png").statusCode());
        assertEquals(404, get(b + "nothing-here").statusCode());
    }

    @Test
    void onlyReads() throws Exception {
        String b = base();
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(b + "api/status"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x"))
                    .build();
            assertEquals(
                    405, client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode(), method);
        }
    }

    @Test
    void aTokenGuardsTheDataButNotTheEmptyPage() throws Exception {
        String token = "0123456789abcdef0123";
        String b = base(new HttpAccess(new Endpoint.Tcp("127.0.0.1", 0), token, null));
        assertEquals(200, get(b).statusCode());
        for (String path : List.of("api/status", "api/rounds", "metrics", "rounds/1/samples.png")) {
            HttpResponse<byte[]> none = get(b + path);
            assertEquals(401, none.statusCode(), path);
            assertEquals("Bearer", none.headers().firstValue("www-authenticate").orElseThrow());
            assertEquals(
                    401, get(b + path, "Authorization", "Bearer " + token + "x").statusCode());
            assertEquals(200, get(b + path, "Authorization", "Bearer " + token).statusCode(), path);
        }
    }

    @Test
    void refusesAnUnprotectedAddressOtherThanLoopback() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HttpAccess.of("0.0.0.0:8080", null, null));
        assertTrue(e.getMessage().contains("--http-token-file"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> new HttpAccess(new Endpoint.Tcp("0.0.0.0", 0), "short", null));
        assertEquals(
                "0.0.0.0",
                new HttpAccess(new Endpoint.Tcp("0.0.0.0", 0), "0123456789abcdef", null)
                        .endpoint()
                        .host());
    }

    @Test
    void aBarePortMeansLoopback() throws IOException {
        HttpAccess a = HttpAccess.of("8123", null, null);
        assertEquals(new Endpoint.Tcp("127.0.0.1", 8123), a.endpoint());
        assertTrue(HttpAccess.isLoopback("localhost"));
    }
}
