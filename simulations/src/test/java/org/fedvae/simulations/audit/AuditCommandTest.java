package org.fedvae.simulations.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.simulations.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The audit command end to end on a tiny federation, and its refusals. */
@Timeout(300)
class AuditCommandTest {

    @TempDir
    static Path shared;

    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void images() throws Exception {
        data = TestImages.blobFolder(shared.resolve("images"), 240); // 216 training images, 24 held out as test
    }

    private static int audit(StringWriter err, String... args) {
        CommandLine cmd = CliErrors.commandLine(new AuditCommand());
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void tinyAuditWritesTheSummaryThePlotAndEveryScore() throws Exception {
        Path out = tmp.resolve("audit");
        StringWriter err = new StringWriter();
        int code = audit(
                err,
                "--participants",
                "3",
                "--images-per-site",
                "30",
                "--rounds",
                "2",
                "--local-epochs",
                "1",
                "--loss-samples",
                "2",
                "--reconstruction-repeats",
                "3",
                "--reference-images",
                "30",
                "--reference-epochs",
                "2",
                "--guess-draws",
                "4",
                "--claimed-epsilon",
                "50",
                "--claimed-delta",
                "1e-5",
                "--dataset",
                data.toString(),
                "--out",
                out.toString());
        assertEquals(0, code, err.toString());
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(90, s.get("members").asInt());
        assertEquals(90, s.get("non_members").asInt());
        for (String key : List.of("final_test_loss", "member_loss", "non_member_loss", "training_seconds")) {
            assertTrue(s.get(key).isNumber(), key + " in " + s);
        }
        for (String attack : List.of("loss", "reconstruction", "calibrated-loss")) {
            JsonNode a = s.get("attacks").get(attack);
            assertTrue(a.get("empirical_epsilon").asDouble(-1) >= 0, a.toString());
            for (String key : List.of("auc", "tpr_at_fpr_0.001", "tpr_at_fpr_0.01", "balanced_accuracy")) {
                double v = a.get(key).asDouble(-1);
                assertTrue(v >= 0 && v <= 1, attack + " " + key + " = " + a.get(key));
            }
            assertEquals(90, a.get("balanced_per_side").asInt(), "fewer than 100 members: the test uses them all");
        }
        assertEquals(50.0, s.get("dp_check").get("epsilon").asDouble());
        assertTrue(s.get("dp_check").get("passed").asBoolean(), s.toString()); // e^50: nothing can break it
        assertTrue(Files.size(out.resolve("roc.png")) > 1000);
        assertTrue(Files.size(out.resolve("final-model.fvae")) > 0);
        assertEquals(181, Files.readAllLines(out.resolve("scores.csv")).size());
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals(3, config.get("participants").asInt());
        assertEquals(2, config.get("rounds").asInt());
    }

    @Test
    void aMemberSetLargerThanTheDatasetIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = audit(
                err,
                "--participants",
                "3",
                "--images-per-site",
                "50",
                "--dataset",
                data.toString(),
                "--out",
                tmp.resolve("x").toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("need 450 training images; the dataset has 216"), err.toString());
        assertTrue(Files.notExists(tmp.resolve("x")), "nothing written before the options are checked");
    }

    @Test
    void badOptionsOfTheAuditOrOfRunAreUsageErrors() {
        String images = data.toString();
        assertUsageError("--loss-samples must be at least 1", "--loss-samples", "0", "--dataset", images);
        assertUsageError("--reconstruction-repeats must be at least 1", "--reconstruction-repeats", "-1");
        assertUsageError("--reference-epochs must be at least 1", "--reference-epochs", "0");
        assertUsageError("go together", "--claimed-epsilon", "1", "--dataset", images);
        assertUsageError("need --claimed-epsilon >= 0", "--claimed-epsilon", "-1", "--claimed-delta", "0");
        assertUsageError("Unknown option: '--no-such-option'", "--no-such-option");
        assertUsageError("minimum number of participants", "--participants", "1", "--dataset", images);
        assertUsageError("--processes is not available", "--transport", "tcp", "--processes");
        assertUsageError("--model cvae is not available in an audit", "--model", "cvae");
    }

    private void assertUsageError(String message, String... args) {
        StringWriter err = new StringWriter();
        assertEquals(2, audit(err, args), err.toString());
        assertTrue(err.toString().contains(message), err.toString());
    }

    @Test
    void runsDpOptionsTrainTheAuditedFederationWithDpSgdAndAreTheClaimChecked() throws Exception {
        Path out = tmp.resolve("audit-dp");
        StringWriter err = new StringWriter();
        int code = audit(
                err,
                "--participants",
                "3",
                "--images-per-site",
                "30",
                "--rounds",
                "2",
                "--local-epochs",
                "1",
                "--loss-samples",
                "2",
                "--reconstruction-repeats",
                "3",
                "--reference-images",
                "0",
                "--guess-draws",
                "4",
                "--dp-epsilon",
                "50",
                "--dp-delta",
                "1e-5",
                "--dp-batch-size",
                "10",
                "--dataset",
                data.toString(),
                "--out",
                out.toString());
        assertEquals(0, code, err.toString());
        JsonNode check = new ObjectMapper()
                .readTree(out.resolve("summary.json").toFile())
                .get("dp_check");
        assertEquals(50.0, check.get("epsilon").asDouble(), check.toString());
        assertEquals("run --dp-epsilon/--dp-delta", check.get("source").asText(), check.toString());
        String log = Files.readString(out.resolve("run.log"));
        assertTrue(log.contains("DP-SGD calibrated") && log.contains("expected batch 10 of 30 images"), log);
    }
}
