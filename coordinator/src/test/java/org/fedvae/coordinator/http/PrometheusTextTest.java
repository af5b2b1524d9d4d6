package org.fedvae.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test-scope parser accepts the format's own example and refuses what the format does not allow. */
class PrometheusTextTest {

    @Test
    void parsesTheFormatsExample() {
        String text = """
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000

                # Escaping in label values:
                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

                # Minimalistic line:
                metric_without_timestamp_and_labels 12.47

                # A weird metric from before the epoch:
                something_weird{problem="division by zero"} +Inf -3982045

                # A summary, which has a complex representation, too:
                # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
                # TYPE rpc_duration_seconds summary
                rpc_duration_seconds{quantile="0.5"} 4773
                rpc_duration_seconds_sum 1.7560473e+07
                rpc_duration_seconds_count 2693
                """;
        Map<String, PrometheusText.Family> f = PrometheusText.parse(text);
        assertEquals("counter", f.get("http_requests_total").type());
        assertEquals(
                "The total number of HTTP requests.",
                f.get("http_requests_total").help());
        assertEquals(3, PrometheusText.value(f, "http_requests_total", Map.of("method", "post", "code", "400")));
        assertEquals(
                1.458255915e9,
                PrometheusText.value(
                        f,
                        "msdos_file_access_time_seconds",
                        Map.of("path", "C:\\DIR\\FILE.TXT", "error", "Cannot find file:\n\"FILE.TXT\"")));
        assertEquals(
                Double.POSITIVE_INFINITY,
                PrometheusText.value(f, "something_weird", Map.of("problem", "division by zero")));
        assertEquals("untyped", f.get("metric_without_timestamp_and_labels").type());
        assertEquals(3, f.get("rpc_duration_seconds").samples().size());
        assertEquals(2693, PrometheusText.value(f, "rpc_duration_seconds_count"));
        assertTrue(Double.isNaN(PrometheusText.value(PrometheusText.parse("x NaN\n"), "x")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x 1", // no final line feed
                "1x 1\n", // bad metric name
                "x{1a=\"v\"} 1\n", // bad label name
                "x{a=v} 1\n", // unquoted label value
                "x{a=\"v} 1\n", // unterminated label value
                "x{a=\"\\t\"} 1\n", // an escape the format does not have
                "x{a=\"v\",a=\"w\"} 1\n", // a label twice
                "x{a=\"v\" b=\"w\"} 1\n", // no comma between labels
                "x one\n", // not a number
                "x 1 2 3\n", // too many fields
                "x 1 later\n", // bad timestamp
                "x\n", // no value
                "# TYPE x counter\n# TYPE x counter\nx 1\n", // two TYPEs
                "# HELP x a\n# HELP x b\nx 1\n", // two HELPs
                "# TYPE x sometimes\nx 1\n", // unknown type
                "x 1\n# TYPE x counter\n", // TYPE after the samples
                "x 1\ny 1\nx 2\n", // a family split up
                "x 1\nx 2\n", // the same series twice
                "# TYPE x gauge\nx_sum 1\nx 1\ny 1\n# TYPE x gauge\n", // metadata for a family already closed
            })
    void refusesWhatTheFormatDoesNotAllow(String text) {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(text));
    }
}
