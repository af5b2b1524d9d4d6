package org.fedvae.coordinator.http;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedvae.protocol.transport.Endpoint;

/**
 * Where the dashboard listens and who may read it. On a loopback address anyone on the host may;
 * anywhere else a bearer token or mutual TLS is required, since round facts and participant names
 * are the federation's business only.
 *
 * @param token the bearer token, or null for none
 * @param tls   a server context requiring client certificates, or null for plain HTTP
 */
public record HttpAccess(Endpoint.Tcp endpoint, String token, SslContext tls) {

    /** Shortest token accepted: a guessable token would be no protection. */
    static final int MIN_TOKEN_LENGTH = 16;

    public HttpAccess {
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the HTTP bearer token has " + token.length()
                    + " characters; use at least " + MIN_TOKEN_LENGTH + " random ones (e.g. openssl rand -hex 24)");
        }
        if (token == null && tls == null && !isLoopback(endpoint.host())) {
            throw new IllegalArgumentException("refusing to serve HTTP on " + endpoint.host()
                    + " without protection: anyone who can reach it would see the federation's rounds and "
                    + "participants. Give --http-token-file FILE (a bearer token) or, for serve, --http-tls (mutual TLS), "
                    + "or bind to 127.0.0.1");
        }
    }

    /**
     * @param address   "HOST:PORT", or just "PORT" for 127.0.0.1
     * @param tokenFile a file holding the bearer token (surrounding whitespace ignored), or null
     */
    public static HttpAccess of(String address, Path tokenFile, SslContext tls) throws IOException {
        String a = address.contains(":") ? address : "127.0.0.1:" + address;
        Endpoint e = Endpoint.parse(a);
        if (!(e instanceof Endpoint.Tcp tcp)) {
            throw new IllegalArgumentException("--http needs HOST:PORT, got " + address);
        }
        String token = tokenFile == null
                ? null
                : Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        return new HttpAccess(tcp, token, tls);
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
