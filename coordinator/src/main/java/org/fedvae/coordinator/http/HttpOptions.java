package org.fedvae.coordinator.http;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --http} and {@code --http-token-file}: shared by {@code serve} and the simulations' {@code run}. */
public final class HttpOptions {

    @Option(
            names = "--http",
            paramLabel = "HOST:PORT",
            description = "Serve a live dashboard (/), /api/status, /api/rounds and /metrics (Prometheus) here; "
                    + "PORT alone means 127.0.0.1:PORT. Off by default. Other than loopback needs "
                    + "--http-token-file or mutual TLS.")
    String address;

    @Option(
            names = "--http-token-file",
            paramLabel = "FILE",
            description = "A bearer token (at least 16 characters) that every request for data must carry "
                    + "(Authorization: Bearer TOKEN; the page takes it as /#token=TOKEN).")
    Path tokenFile;

    public boolean enabled() {
        return address != null;
    }

    /** The access settings, or null when --http was not given. */
    public HttpAccess access(SslContext tls) throws IOException {
        return address == null ? null : HttpAccess.of(address, tokenFile, tls);
    }
}
