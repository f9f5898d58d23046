package io.mgw.adapters.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProviderHttpClientTest {

    private static ProviderHttpClient client(Duration timeout) {
        return new ProviderHttpClient(HttpClient.newBuilder().connectTimeout(timeout).build(), timeout, 2,
                Duration.ofMillis(10));
    }

    private static CallControlResult await(java.util.concurrent.CompletableFuture<CallControlResult> future)
            throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void idempotentRequestIsRetriedOnceAfterA5xx() throws Exception {
        try (FakeProviderApi api = new FakeProviderApi(null)) {
            api.onSequence("GET /thing", List.of(503, 200), "{}");
            CallControlResult result = await(client(Duration.ofSeconds(3))
                    .send(ProviderHttpClient.Request.get(URI.create(api.baseUrl() + "/thing")), ProviderHttpClient::okIf2xx));
            assertEquals(new CallControlResult.Ok(200), result);
            assertEquals(2, api.requests().size());
        }
    }

    @Test
    void retriesAreBounded() throws Exception {
        try (FakeProviderApi api = new FakeProviderApi(null)) {
            api.on("GET /thing", 502, "bad gateway");
            CallControlResult result = await(client(Duration.ofSeconds(3))
                    .send(ProviderHttpClient.Request.get(URI.create(api.baseUrl() + "/thing")), ProviderHttpClient::okIf2xx));
            assertEquals(new CallControlResult.Rejected(502, "bad gateway"), result);
            assertEquals(2, api.requests().size());
        }
    }

    @Test
    void nonIdempotentRequestIsNotRetried() throws Exception {
        try (FakeProviderApi api = new FakeProviderApi(null)) {
            api.on("POST /thing", 503, "");
            CallControlResult result = await(client(Duration.ofSeconds(3)).send(ProviderHttpClient.Request.json("POST",
                    URI.create(api.baseUrl() + "/thing"), java.util.Map.of("a", 1), false), ProviderHttpClient::okIf2xx));
            assertEquals(new CallControlResult.Rejected(503, "HTTP 503"), result);
            assertEquals(1, api.requests().size());
        }
    }

    @Test
    void slowProviderTimesOut() throws Exception {
        try (FakeProviderApi api = new FakeProviderApi(null)) {
            api.onSlow("GET /slow", 200, Duration.ofMillis(1500));
            CallControlResult result = await(new ProviderHttpClient(HttpClient.newHttpClient(), Duration.ofMillis(200), 1,
                    Duration.ZERO).send(ProviderHttpClient.Request.get(URI.create(api.baseUrl() + "/slow")),
                    ProviderHttpClient::okIf2xx));
            assertEquals(CallControlResult.Failure.TIMEOUT, assertInstanceOf(CallControlResult.Failed.class, result).failure());
        }
    }

    @Test
    void unreachableProviderIsAnIoFailure() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CallControlResult result = await(client(Duration.ofSeconds(2))
                .send(ProviderHttpClient.Request.get(URI.create("http://127.0.0.1:" + port + "/x")), ProviderHttpClient::okIf2xx));
        assertEquals(CallControlResult.Failure.IO, assertInstanceOf(CallControlResult.Failed.class, result).failure());
    }

    @Test
    void defaultTimeoutIsThreeSeconds() {
        assertEquals(Duration.ofSeconds(3), ProviderHttpClient.DEFAULT_TIMEOUT);
    }

    @Test
    void credentialsNeverPrintTheirSecrets() {
        String text = new ProviderCredentials("https://x", "AC1", "XI-token", "secret").toString();
        assertEquals(false, text.contains("XI-token") || text.contains("secret="+"secret"));
    }
}
