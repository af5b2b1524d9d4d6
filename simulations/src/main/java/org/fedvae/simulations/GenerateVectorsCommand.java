package org.fedvae.simulations;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedvae.protocol.vectors.VectorGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the protocol's test vectors (docs/PROTOCOL.md, section Test vectors). The output depends
 * only on the code, so running it again over the checked-in files changes nothing unless the
 * protocol changed.
 */
@Command(
        name = "generate-vectors",
        mixinStandardHelpOptions = true,
        description = "Write the protocol test vectors (JSON) into a directory; output is byte-identical across runs.")
public final class GenerateVectorsCommand implements Callable<Integer> {

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Directory to write into, e.g. protocol/harness/src/test/resources/vectors.")
    Path out;

    @Override
    public Integer call() throws Exception {
        // The framing vectors drive the transport into its refusals, each of which logs a line.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.fedvae.protocol"))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        List<Path> written = VectorGenerator.writeTo(out);
        for (Path p : written) {
            System.out.println(p);
        }
        System.err.println("wrote " + written.size() + " vector files to " + out);
        return 0;
    }
}
