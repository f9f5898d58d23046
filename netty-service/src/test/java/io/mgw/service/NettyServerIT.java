package io.mgw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.embedded.TestServices;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server every plain-Netty process runs, on a real socket with the test Redis: what media-gateway and
 * workflow-runtime answer alike. Their own smoke tests cover only their meters and settings.
 */
class NettyServerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private static NettyServer server;

    @BeforeAll
    static void startServer() {
        server = start(TestServices.redisUrl());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void healthIsUpWhenRedisAnswers() throws Exception {
        HttpResponse<String> response = send(server, "GET", "/health");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertEquals("no-store", response.headers().firstValue("cache-control").orElse(""));
        assertEquals("{\"status\":\"UP\",\"checks\":{\"redis\":\"UP\"}}", response.body());
    }

    @Test
    void healthIsDownWithin1sWhenRedisIsUnreachable() throws Exception {
        try (NettyServer noRedis = start("redis://127.0.0.1:" + closedPort())) {
            long started = System.nanoTime();
            HttpResponse<String> response = send(noRedis, "GET", "/health");
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertEquals(503, response.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"checks\":{\"redis\":\"DOWN\"}}", response.body());
            assertTrue(elapsedMillis < 1_500, "answered after " + elapsedMillis + " ms");
        }
    }

    @Test
    void metricsArePrometheusTextWithJvmProcessAndConnectionMeters() throws Exception {
        HttpResponse<String> response = send(server, "GET", "/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
        String body = response.body();
        assertTrue(body.contains("jvm_memory_used_bytes{"), "JVM memory gauge missing");
        assertTrue(body.contains("process_uptime_seconds "), "process uptime missing");
        // this scrape's own connection is open while the gauge is read
        assertTrue(body.matches("(?s).*\\nmgw_test_connections_active [1-9][0-9]*\\.0\\n.*"), "connections gauge missing");
    }

    @ParameterizedTest
    @CsvSource({"/nope?ws_token=secret, /nope", "/sessions, /sessions"})
    void unknownPathIsJson404(String uri, String path) throws Exception {
        HttpResponse<String> response = send(server, "GET", uri);

        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertEquals("{\"error\":\"not_found\",\"message\":\"no endpoint at " + path + "\"}", response.body());
    }

    @ParameterizedTest
    @CsvSource({"POST, /health", "DELETE, /metrics"})
    void wrongMethodIsJson405WithAllow(String method, String path) throws Exception {
        HttpResponse<String> response = send(server, method, path);

        assertEquals(405, response.statusCode());
        assertEquals("GET", response.headers().firstValue("allow").orElse(""));
        assertTrue(response.body().startsWith("{\"error\":\"method_not_allowed\",\"message\":"), response.body());
    }

    @Test
    void processEndpointsAnswerOverTheWire() throws Exception {
        HttpResponse<String> response = send(server, "GET", "/echo/hello");

        assertEquals(200, response.statusCode());
        assertEquals("{\"path\":\"/echo/hello\"}", response.body());
    }

    @Test
    void bodiesAreCappedByTheSettingsWithAJson413() throws Exception {
        var settings = new ServiceSettings("test-service", "test", "127.0.0.1", 0, 1, URI.create(TestServices.redisUrl()), 64 * 1024);
        try (NettyServer bodies = NettyServer.start(settings, new ServiceMetrics("mgw.test"), redis -> List.of(new EchoEndpoint("/echo/")))) {
            assertEquals(200, send(bodies, "PUT", "/echo/within", new byte[64 * 1024]).statusCode());

            HttpResponse<String> response = send(bodies, "PUT", "/echo/over", new byte[64 * 1024 + 1]);

            assertEquals(413, response.statusCode());
            assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
            assertEquals("{\"error\":\"payload_too_large\",\"message\":\"the request body is larger than 65536 bytes\"}",
                    response.body());
        }
    }

    @Test
    void loopsThatCoalesceWakeUpsServeRequestsAndRedisAsBefore() throws Exception {
        var settings = new ServiceSettings("test-service", "coalescing", "127.0.0.1", 0, 1,
                URI.create(TestServices.redisUrl())).withRedisOnEventLoops().withWakeupCoalescing(Duration.ofMillis(2));
        try (NettyServer coalescing = NettyServer.start(settings, new ServiceMetrics("mgw.test"),
                redis -> List.of(new EchoEndpoint("/echo/")))) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = send(coalescing, "GET", "/echo/" + i);
                assertEquals(200, response.statusCode());
                assertEquals("{\"path\":\"/echo/" + i + "\"}", response.body());
            }
            assertEquals("{\"status\":\"UP\",\"checks\":{\"redis\":\"UP\"}}", send(coalescing, "GET", "/health").body());
        }
    }

    @Test
    void negativeWakeupCoalescingIsRejected() {
        var settings = new ServiceSettings("test-service", "test", "127.0.0.1", 0, 1, URI.create(TestServices.redisUrl()));

        assertThrows(IllegalArgumentException.class, () -> settings.withWakeupCoalescing(Duration.ofNanos(-1)));
    }

    @Test
    void redisRepliesArriveOnTheServersEventLoopWhenShared() throws Exception {
        var settings = new ServiceSettings("test-service", "shared", "127.0.0.1", 0, 1, URI.create(TestServices.redisUrl()))
                .withRedisOnEventLoops();
        try (NettyServer shared = NettyServer.start(settings, new ServiceMetrics("mgw.test"), redis -> List.of())) {
            var connection = shared.redis().connect(RedisURI.create(TestServices.redisUrl()));
            String thread = threadCompletingAPing(connection);
            connection.close();
            assertTrue(thread.startsWith("mgw-shared-io"), "completed on " + thread);
            assertEquals(200, send(shared, "GET", "/health").statusCode());
        }
        try (var connection = server.redis().connect(RedisURI.create(TestServices.redisUrl()))) {
            String own = threadCompletingAPing(connection);
            assertTrue(!own.startsWith("mgw-test-io"), "without sharing, Lettuce keeps its own threads: " + own);
        }
    }

    /**
     * The callback is attached before the command is flushed: attached after a fast reply, it would run on the
     * calling thread instead of the one that completed the command.
     */
    private static String threadCompletingAPing(StatefulRedisConnection<String, String> connection)
            throws Exception {
        connection.setAutoFlushCommands(false);
        var thread = connection.async().ping().toCompletableFuture().thenApply(pong -> Thread.currentThread().getName());
        connection.flushCommands();
        return thread.get(5, TimeUnit.SECONDS);
    }

    @Test
    void defaultCapIs8KiB() throws Exception {
        assertEquals(8 * 1024, ServiceSettings.DEFAULT_MAX_REQUEST_BYTES);
        assertEquals(413, send(server, "PUT", "/echo/over", new byte[8 * 1024 + 1]).statusCode());
    }

    @Test
    void closeStopsAcceptingAndIsIdempotent() throws Exception {
        NettyServer second = start(TestServices.redisUrl());
        assertEquals(200, send(second, "GET", "/metrics").statusCode());

        second.close();
        second.close();

        assertThrows(ConnectException.class, () -> send(second, "GET", "/health"));
    }

    @Test
    void portInUseFailsTheStartWithTheProcessName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NettyServer.start(
                new ServiceSettings("test-service", "test", "127.0.0.1", server.port(), 1, URI.create(TestServices.redisUrl())),
                new ServiceMetrics("mgw.test"), redis -> List.of()));

        assertTrue(e.getMessage().startsWith("test-service cannot listen on 127.0.0.1:" + server.port()), e.getMessage());
    }

    private static NettyServer start(String redisUrl) {
        var settings = new ServiceSettings("test-service", "test", "127.0.0.1", 0, 1, URI.create(redisUrl));
        return NettyServer.start(settings, new ServiceMetrics("mgw.test"), redis -> List.of(new EchoEndpoint("/echo/")));
    }

    private static HttpResponse<String> send(NettyServer target, String method, String path) throws IOException, InterruptedException {
        return send(target, method, path, null);
    }

    private static HttpResponse<String> send(NettyServer target, String method, String path, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(TIMEOUT)
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
