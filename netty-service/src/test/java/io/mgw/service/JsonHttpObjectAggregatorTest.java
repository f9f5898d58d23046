package io.mgw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shared aggregator's size limit: bodies within it pass, bigger ones get the JSON 413. */
class JsonHttpObjectAggregatorTest {

    private static final int MAX = 16;
    private static final String TOO_LARGE_BODY =
            "{\"error\":\"payload_too_large\",\"message\":\"the request body is larger than 16 bytes\"}";

    private final EmbeddedChannel channel = new EmbeddedChannel(new JsonHttpObjectAggregator(MAX));

    @Test
    void bodyWithinTheLimitIsAggregated() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/x",
                Unpooled.copiedBuffer("0123456789abcdef", StandardCharsets.US_ASCII)));

        FullHttpRequest request = channel.readInbound();
        try {
            assertEquals(MAX, request.content().readableBytes());
            assertNull(channel.readOutbound());
        } finally {
            request.release();
        }
    }

    @Test
    void declaredOversizeOnKeepAliveIsJson413AndTheConnectionStaysForTheNextRequest() {
        channel.writeInbound(start(MAX + 1));

        assertTooLarge(channel.readOutbound());
        assertTrue(channel.isOpen());
        // the rest of the refused body is skipped; the next request is served as usual
        channel.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[MAX + 1])));
        assertNull(channel.readInbound());
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health"));
        FullHttpRequest next = channel.readInbound();
        assertEquals("/health", next.uri());
        next.release();
    }

    @Test
    void oversizeWithoutKeepAliveIsJson413ThenClose() {
        HttpRequest start = start(MAX + 1);
        start.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);

        channel.writeInbound(start);

        FullHttpResponse response = channel.readOutbound();
        assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
        assertTooLarge(response);
        assertFalse(channel.isOpen());
    }

    @Test
    void expectContinueOverTheLimitIsJson413() {
        HttpRequest start = start(MAX + 1);
        start.headers().set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);

        channel.writeInbound(start);

        assertTooLarge(channel.readOutbound());
    }

    private static HttpRequest start(int contentLength) {
        HttpRequest start = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/internal/deployments/d");
        start.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        return start;
    }

    private static void assertTooLarge(FullHttpResponse response) {
        try {
            assertEquals(413, response.status().code());
            assertEquals("application/json", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
            assertEquals(TOO_LARGE_BODY, response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }
}
