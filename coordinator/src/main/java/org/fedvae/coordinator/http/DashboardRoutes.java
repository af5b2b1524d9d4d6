package org.fedvae.coordinator.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read-only routes: the page, /api/status, /api/rounds, /metrics and each round's sample
 * grid. Only GET and HEAD; every answer is built from one snapshot of the {@link FederationStatus}.
 */
@ChannelHandler.Sharable
final class DashboardRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PAGE_RESOURCE = "dashboard.html";
    private static final Pattern SAMPLES = Pattern.compile("/rounds/([0-9]{1,18})/samples\\.png");
    private static final String JSON = "application/json; charset=utf-8";

    private final FederationStatus status;
    private final RoundImages images;
    private final boolean hasImages;
    private final byte[] page;

    DashboardRoutes(FederationStatus status, RoundImages images) {
        this.status = status;
        this.images = images == null ? RoundImages.NONE : images;
        this.hasImages = images != null && images != RoundImages.NONE;
        this.page = page();
    }

    static String path(FullHttpRequest request) {
        return new QueryStringDecoder(request.uri()).path();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Responses.send(ctx, request, answer(request));
    }

    private FullHttpResponse answer(FullHttpRequest request) {
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            return Responses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "read-only: GET or HEAD\n");
        }
        String path = path(request);
        switch (path) {
            case "/":
                return Responses.bytes(HttpResponseStatus.OK, "text/html; charset=utf-8", page);
            case "/api/status":
                return json(StatusDocuments.status(status.snapshot(), hasImages));
            case "/api/rounds":
                return json(StatusDocuments.rounds(status.snapshot().rounds()));
            case "/metrics":
                return Responses.bytes(
                        HttpResponseStatus.OK,
                        PrometheusExposition.CONTENT_TYPE,
                        PrometheusExposition.render(status.snapshot()).getBytes(StandardCharsets.UTF_8));
            default:
                Matcher m = SAMPLES.matcher(path);
                Optional<byte[]> png = m.matches() ? images.samplesPng(Long.parseLong(m.group(1))) : Optional.empty();
                return png.map(b -> Responses.bytes(HttpResponseStatus.OK, "image/png", b))
                        .orElseGet(() -> Responses.text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n"));
        }
    }

    private static FullHttpResponse json(String body) {
        return Responses.bytes(HttpResponseStatus.OK, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] page() {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE_RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or a TLS failure: nothing to tell a client that is gone or not trusted
    }
}
