package io.mgw.runtime.metrics;

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
 * The runtime's meters: the one place their names live (STYLE B2). Micrometer names map to Prometheus names
 * ({@code mgw.runtime.session.closes} counter becomes {@code mgw_runtime_session_closes_total}). One registry
 * per server instance, so processes started in one JVM by the launcher do not mix their meters.
 */
public final class RuntimeMetrics implements AutoCloseable {

    /** Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public RuntimeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Exposes {@code mgw_runtime_connections_active}: the connections open on the runtime's port. */
    public void trackOpenConnections(Collection<?> openConnections) {
        Gauge.builder("mgw.runtime.connections.active", openConnections, Collection::size)
                .description("Connections open on the runtime's port")
                .strongReference(true)
                .register(registry);
    }

    /** Exposes {@code mgw_runtime_sessions_capacity}: how many sessions this pod accepts at once. */
    public void capacity(int sessions) {
        Gauge.builder("mgw.runtime.sessions.capacity", () -> sessions)
                .description("Sessions this pod runs at once before refusing with 1013")
                .register(registry);
    }

    /** Counts one ended session socket in {@code mgw_runtime_session_closes_total{code}}. */
    public void sessionClosed(int code) {
        Counter.builder("mgw.runtime.session.closes")
                .description("Session socket closes by close code")
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
