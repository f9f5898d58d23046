package io.mgw.deploy.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The provider's REST API during a load run of simulated calls (the real one is out of reach and must not be
 * loaded): answers every call-validation, hangup or transfer request with 200 and an in-progress call, on loopback.
 */
final class FakeProviderApi implements AutoCloseable {

    private static final byte[] CALL = "{\"status\":\"in-progress\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    final AtomicLong requests = new AtomicLong();

    FakeProviderApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mgw-load-provider-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, CALL.length);
            exchange.getResponseBody().write(CALL);
            exchange.close();
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
