package org.fedvae.simulations.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.federation.RoundAbort;
import org.fedvae.coordinator.http.PrometheusText;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.simulations.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One short {@code run --http} watched three ways: in headless Chromium (the page shows a finished
 * round and its loss curve), through /metrics (its counters match metrics.csv), and on the
 * console (a header, one line per round, the result).
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardRunTest {

    private static final int ROUNDS = 5;
    /**
     * One of the three sites starts every round this late, so that the run lasts at least
     * ROUNDS times it after the page is up: on a loaded machine the rounds of this tiny run
     * otherwise take a tenth of a second and the run could end before the page polled once.
     */
    private static final String STRAGGLER_DELAY_S = "3";

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path tmp;

    static Path out;
    static String base;
    static CompletableFuture<Integer> run;
    static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    static PrintStream realOut;
    /** The last /metrics read while the run went on, with at least one round done. */
    static volatile String metricsDuringRun;
    /** Started before the run, since Chromium can take seconds to come up; null where it is not installed. */
    static WebDriver browser;

    @BeforeAll
    static void startBrowserThenRun() throws Exception {
        browser = startBrowser();
        Path data = TestImages.blobFolder(tmp.resolve("images"), 480);
        out = tmp.resolve("run");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + "/";
        realOut = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        String[] args = {
            "--participants",
            "3",
            "--rounds",
            String.valueOf(ROUNDS),
            "--local-epochs",
            "1",
            "--dataset",
            data.toString(),
            "--out",
            out.toString(),
            "--seed",
            "5",
            "--no-compare",
            "--stragglers",
            "0.3", // one of the three sites (rounded up)
            "--straggler-delay",
            STRAGGLER_DELAY_S,
            "--http",
            "127.0.0.1:" + port
        };
        run = CompletableFuture.supplyAsync(
                () -> CliErrors.commandLine(new RunCommand()).execute(args));
        Thread poller = new Thread(DashboardRunTest::pollMetrics, "metrics-poller");
        poller.setDaemon(true);
        poller.start();
    }

    @AfterAll
    static void restoreConsoleAndQuitBrowser() {
        System.setOut(realOut);
        if (browser != null) {
            browser.quit();
        }
    }

    private static WebDriver startBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            return null; // the browser test skips, or fails under CI
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,1100");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static void pollMetrics() {
        HttpClient client = HttpClient.newHttpClient();
        while (!run.isDone()) {
            try {
                String body = client.send(
                                HttpRequest.newBuilder(URI.create(base + "metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                if (PrometheusText.value(PrometheusText.parse(body), "fedvae_rounds_done") >= 1) {
                    metricsDuringRun = body;
                }
                Thread.sleep(200);
            } catch (IOException | RuntimeException e) {
                sleepQuietly(); // not up yet, or gone
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Order(1)
    void headlessChromiumShowsAFinishedRoundAndItsCurve() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed (.ci/run installs them)");
        }
        assertTrue(present, "CI must have chromium and chromium-driver: .ci/run installs them");
        awaitServer();
        browser.get(base);
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> {
            String done = d.findElement(By.id("rounds-done")).getText();
            return !done.isEmpty()
                    && Integer.parseInt(done) >= 1
                    && !d.findElements(By.cssSelector("#loss-chart circle.point"))
                            .isEmpty()
                    && d.findElement(By.id("samples")).isDisplayed();
        });
        assertEquals(
                String.valueOf(ROUNDS),
                browser.findElement(By.id("rounds-planned")).getText());
        assertTrue(
                browser.findElement(By.id("last-test-loss")).getText().matches("[0-9]+\\.[0-9]{3}"),
                browser.findElement(By.id("last-test-loss")).getText());
        assertTrue(browser.findElement(By.id("last-outcome")).getText().startsWith("completed"));
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Path shot = Path.of("target", "dashboard-test.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, png);
        assertTrue(png.length > 10_000, "a blank screenshot");
    }

    private static void awaitServer() throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 600; i++) {
            try {
                if (client.send(
                                        HttpRequest.newBuilder(URI.create(base)).build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the run is still loading its data
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the dashboard did not come up at " + base);
    }

    @Test
    @Order(2)
    void metricsDuringTheRunMatchMetricsCsv() throws Exception {
        assertEquals(0, run.get(240, TimeUnit.SECONDS));
        String body = metricsDuringRun;
        assertNotNull(body, "no /metrics with a finished round was read during the run");
        Map<String, PrometheusText.Family> m = PrometheusText.parse(body);
        int seen = (int) PrometheusText.value(m, "fedvae_rounds_done");
        List<Map<String, String>> rows = csv(out.resolve("metrics.csv")).subList(0, seen);
        assertEquals(
                rows.stream().filter(r -> r.get("completed").equals("true")).count(),
                (long) PrometheusText.value(m, "fedvae_rounds_completed_total"));
        for (RoundAbort.Cause cause : RoundAbort.Cause.values()) {
            assertEquals(
                    rows.stream()
                            .filter(r -> r.get("abort_code").equals(cause.name()))
                            .count(),
                    (long) PrometheusText.value(m, "fedvae_round_aborts_total", Map.of("cause", cause.name())));
        }
        assertEquals(sum(rows, "bytes_up"), PrometheusText.value(m, "fedvae_bytes_received_total"));
        assertEquals(sum(rows, "bytes_down"), PrometheusText.value(m, "fedvae_bytes_sent_total"));
        assertEquals(sum(rows, "clipped"), PrometheusText.value(m, "fedvae_clipped_coordinates_total"));
        assertEquals(seen, PrometheusText.value(m, "fedvae_round_seconds_count"));
        // metrics.csv keeps four decimals of each round's seconds
        assertEquals(sum(rows, "seconds"), PrometheusText.value(m, "fedvae_round_seconds_sum"), 1e-4 * seen);
        assertEquals(ROUNDS, PrometheusText.value(m, "fedvae_rounds_planned"));
    }

    @Test
    @Order(3)
    void theConsoleHasAHeaderOneLinePerRoundAndTheResult() throws Exception {
        assertEquals(0, run.get(240, TimeUnit.SECONDS));
        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("Federation: 3 sites"), lines.toString());
        assertTrue(lines.get(1).contains("live dashboard at " + base), lines.toString());
        for (int r = 1; r <= ROUNDS; r++) {
            String line = lines.get(1 + r);
            assertTrue(line.startsWith("round " + r + "/" + ROUNDS + " ["), line);
            assertTrue(line.contains("test loss of the new model"), line);
            assertTrue(line.contains("loss of the round's starting model measured at the sites"), line);
        }
        assertTrue(lines.get(2 + ROUNDS).startsWith("Final test loss"), lines.toString());
        assertTrue(lines.get(3 + ROUNDS).startsWith("Wrote "), lines.toString());
        assertEquals(4 + ROUNDS, lines.size(), lines.toString());
        assertTrue(Files.readString(out.resolve("run.log")).contains("FederationCoordinator"), "run.log has the logs");
    }

    private static double sum(List<Map<String, String>> rows, String column) {
        return rows.stream().mapToDouble(r -> Double.parseDouble(r.get(column))).sum();
    }

    /** metrics.csv as maps; its last column (abort_reason) is free text, so it is not split. */
    private static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", header.length);
            Map<String, String> row = new java.util.HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }
}
