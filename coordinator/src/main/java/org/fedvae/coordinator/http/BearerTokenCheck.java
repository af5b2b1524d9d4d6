package org.fedvae.coordinator.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through only with {@code Authorization: Bearer TOKEN}. The page itself ("/") is
 * exempt: it holds no data, and its script sends the token (taken from the URL's fragment, which
 * browsers never send) with every request for data.
 */
@ChannelHandler.Sharable
final class BearerTokenCheck extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final byte[] expected;

    BearerTokenCheck(String token) {
        super(false);
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String given = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        boolean page = DashboardRoutes.path(request).equals("/");
        // Constant time, so the comparison does not tell how much of a guess was right.
        if (page || MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.fireChannelRead(request);
        } else {
            try {
                Responses.send(
                        ctx,
                        request,
                        Responses.text(
                                HttpResponseStatus.UNAUTHORIZED,
                                "a bearer token is required (Authorization: Bearer TOKEN)\n"));
            } finally {
                request.release();
            }
        }
    }
}
