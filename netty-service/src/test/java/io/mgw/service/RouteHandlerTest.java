package io.mgw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared route table without sockets: what every Netty process answers before its own endpoints. */
class RouteHandlerTest {

    private final ServiceMetrics metrics = new ServiceMetrics("mgw.test");
    private CompletableFuture<HealthReport> health = CompletableFuture.completedFuture(HealthReport.of(Map.of("redis", true)));

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    @Test
    void healthIsUpOrDownWithTheChecksAsJson() {
        assertResponse(exchange(HttpMethod.GET, "/health"), 200, "{\"status\":\"UP\",\"checks\":{\"redis\":\"UP\"}}");

        health = CompletableFuture.completedFuture(HealthReport.of(Map.of("redis", false)));
        assertResponse(exchange(HttpMethod.GET, "/health"), 503, "{\"status\":\"DOWN\",\"checks\":{\"redis\":\"DOWN\"}}");
    }

    @Test
    void failedProbeIsDownNotAnError() {
        health = CompletableFuture.failedFuture(new IllegalStateException("boom"));

        assertResponse(exchange(HttpMethod.GET, "/health"), 503, "{\"status\":\"DOWN\",\"checks\":{\"health\":\"DOWN\"}}");
    }

    @Test
    void metricsArePrometheusText() {
        FullHttpResponse response = exchange(HttpMethod.GET, "/metrics");
        try {
            assertEquals(200, response.status().code());
            assertEquals(ServiceMetrics.CONTENT_TYPE, response.headers().get("content-type"));
            assertTrue(response.content().toString(StandardCharsets.UTF_8).contains("jvm_memory_used_bytes{"));
        } finally {
            response.release();
        }
    }

    /** The paths and methods the gateway's and the runtime's health ITs used. */
    @ParameterizedTest
    @CsvSource({"/nope?ws_token=secret, /nope", "/sessions, /sessions"})
    void unknownPathIsJson404WithoutItsQuery(String uri, String path) {
        assertResponse(exchange(HttpMethod.GET, uri), 404, "{\"error\":\"not_found\",\"message\":\"no endpoint at " + path + "\"}");
    }

    @ParameterizedTest
    @CsvSource({"POST, /health", "DELETE, /metrics"})
    void wrongMethodIsJson405WithAllow(String method, String path) {
        FullHttpResponse response = exchange(HttpMethod.valueOf(method), path);

        assertEquals("GET", response.headers().get("allow"));
        assertResponse(response, 405, "{\"error\":\"method_not_allowed\",\"message\":\"" + method + " is not allowed here; use GET\"}");
    }

    @Test
    void malformedRequestIsJson400() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health");
        request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));

        assertResponse(exchange(request, List.of()), 400, "{\"error\":\"bad_request\",\"message\":\"malformed HTTP request\"}");
    }

    @Test
    void otherPathsGoToTheFirstMatchingEndpoint() {
        HttpEndpoint never = new HttpEndpoint() {
            @Override
            public boolean matches(String path) {
                return true;
            }

            @Override
            public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
                throw new AssertionError("second endpoint asked for " + path);
            }
        };
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/internal/v1/x?a=1");

        assertResponse(exchange(request, List.of(new EchoEndpoint("/internal/"), never)), 200, "{\"path\":\"/internal/v1/x\"}");
    }

    private FullHttpResponse exchange(HttpMethod method, String uri) {
        return exchange(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri), List.of());
    }

    private FullHttpResponse exchange(FullHttpRequest request, List<HttpEndpoint> endpoints) {
        EmbeddedChannel channel = new EmbeddedChannel(new RouteHandler(() -> health, metrics, endpoints));
        channel.writeInbound(request);
        channel.runPendingTasks();
        FullHttpResponse response = channel.readOutbound();
        assertTrue(channel.config().isAutoRead(), "reading resumed");
        assertFalse(channel.finish(), "nothing left over");
        return response;
    }

    private static void assertResponse(FullHttpResponse response, int status, String body) {
        try {
            assertEquals(status, response.status().code());
            assertEquals("application/json", response.headers().get("content-type"));
            assertEquals(body, response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }
}
