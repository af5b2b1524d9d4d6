package org.fedvae.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.simulations.generated.EvaluateGeneratedCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CentralizedCommandTest {

    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        CommandLine cmd = CliErrors.commandLine(new CentralizedCommand());
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void writesEveryOutputAndALossThatImproves() throws Exception {
        Path data = TestImages.blobFolder(tmp.resolve("images"), 300);
        Path out = tmp.resolve("run");
        assertEquals(
                0, run(new StringWriter(), "--epochs", "3", "--dataset", data.toString(), "--out", out.toString()));
        for (String f : List.of(
                "metrics.csv", "summary.json", "samples.png", "reconstructions.png", "model.fvae", "config.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(4, rows.size());
        double first = Double.parseDouble(rows.get(1).split(",")[2]);
        double last = Double.parseDouble(rows.get(3).split(",")[2]);
        assertTrue(last < first, "test loss went from " + first + " to " + last);
        String summary = Files.readString(out.resolve("summary.json"));
        Matcher m = Pattern.compile("\"final_test_loss\": ([0-9.]+)").matcher(summary);
        assertTrue(m.find(), summary);
        assertEquals(last, Double.parseDouble(m.group(1)), 1e-3);
        assertTrue(summary.contains("\"images_per_second\": "), summary);
        assertEquals(652_824, ModelFile.read(out.resolve("model.fvae")).size());

        StringWriter err = new StringWriter();
        assertEquals(
                CliErrors.BAD_INPUT, run(err, "--epochs", "1", "--dataset", data.toString(), "--out", out.toString()));
        assertTrue(err.toString().contains("already holds a finished run"), err.toString());
    }

    /** The cvae over the folder's two classes; its model feeds evaluate-generated; a third class is refused. */
    @Test
    void conditionalVaeTrainsOnFolderClassesAndItsGeneratedClassesAreMeasured() throws Exception {
        Path data = TestImages.blobFolder(tmp.resolve("images"), 300);
        Path out = tmp.resolve("cvae");
        StringWriter err = new StringWriter();
        assertEquals(
                0,
                run(
                        err,
                        "--epochs",
                        "2",
                        "--model",
                        "cvae",
                        "--classes",
                        "2",
                        "--dataset",
                        data.toString(),
                        "--out",
                        out.toString()),
                err.toString());
        Path model = out.resolve("model.fvae");
        assertEquals(
                VaeLayout.spec(VaeConfig.defaults(1).withLabelCount(2)),
                ModelFile.read(model).spec());
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"model\": \"cvae\""));

        Path json = tmp.resolve("generated.json");
        CommandLine evaluate = CliErrors.commandLine(new EvaluateGeneratedCommand());
        assertEquals(
                0,
                evaluate.execute(
                        "--model",
                        model.toString(),
                        "--dataset",
                        data.toString(),
                        "--count",
                        "20",
                        "--classifier-epochs",
                        "3",
                        "--out",
                        json.toString()));
        String results = Files.readString(json);
        Matcher accuracy =
                Pattern.compile("\"classifier_test_accuracy\": ([0-9.]+)").matcher(results);
        assertTrue(accuracy.find(), results);
        assertTrue(Double.parseDouble(accuracy.group(1)) > 0.9, "small and large blobs are easy: " + results);
        assertTrue(results.contains("\"per_class\""), results);

        Files.createDirectories(data.resolve("zz-third"));
        Files.copy(data.resolve("small/img0.png"), data.resolve("zz-third/img0.png"));
        StringWriter third = new StringWriter();
        assertEquals(
                CliErrors.BAD_INPUT,
                run(
                        third,
                        "--epochs",
                        "1",
                        "--model",
                        "cvae",
                        "--classes",
                        "2",
                        "--dataset",
                        data.toString(),
                        "--out",
                        tmp.resolve("third").toString()));
        assertTrue(third.toString().contains("a class the model does not know"), third.toString());
    }

    @Test
    void badDatasetIsOneClearLine() {
        StringWriter err = new StringWriter();
        assertEquals(
                CliErrors.BAD_INPUT,
                run(
                        err,
                        "--dataset",
                        tmp.resolve("missing").toString(),
                        "--out",
                        tmp.resolve("o").toString()));
        assertTrue(err.toString().contains("no such dataset"), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace for bad input: " + err);
    }
}
