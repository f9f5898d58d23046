package io.mgw.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;

/**
 * The gateway's meters: the one place their names live (STYLE B2). Micrometer names map to Prometheus names
 * ({@code mgw.gateway.ws.closes} counter becomes {@code mgw_gateway_ws_closes_total}). One registry per
 * server instance, so processes started in one JVM by the launcher do not mix their meters.
 */
public final class GatewayMetrics implements AutoCloseable {

    /** Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public GatewayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Exposes {@code mgw_gateway_connections_active}: the client connections open on the public port. */
    public void trackOpenConnections(Collection<?> openConnections) {
        Gauge.builder("mgw.gateway.connections.active", openConnections, Collection::size)
                .description("Client connections open on the gateway's public port")
                .strongReference(true)
                .register(registry);
    }

    /** Counts one closed WebSocket in {@code mgw_gateway_ws_closes_total{endpoint,code}}. */
    public void wsClosed(String endpoint, int code) {
        Counter.builder("mgw.gateway.ws.closes")
                .description("WebSocket closes by endpoint and close code")
                .tag("endpoint", endpoint)
                .tag("code", Integer.toString(code))
                .register(registry)
                .increment();
    }

    /** Writes every meter in Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public void scrape(OutputStream out) throws IOException {
        registry.scrape(out, CONTENT_TYPE);
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
