package io.mgw.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Objects;

/**
 * The meters every Netty process has: a Prometheus registry with the JVM and process binders, and
 * {@code <prefix>.connections.active}. A process's own meters (its {@code ...Metrics} class, STYLE B2) register on
 * {@link #registry()}. One registry per server instance, so processes started in one JVM by the launcher do not
 * mix their meters. Micrometer names map to Prometheus names ({@code mgw.gateway.connections.active} becomes
 * {@code mgw_gateway_connections_active}).
 */
public final class ServiceMetrics implements AutoCloseable {

    /** Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final String prefix;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /** @param prefix the process's meter-name prefix, e.g. {@code mgw.gateway} */
    public ServiceMetrics(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where the process registers its own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Exposes {@code <prefix>_connections_active}: the connections open on the process's port. */
    void trackOpenConnections(Collection<?> openConnections) {
        Gauge.builder(prefix + ".connections.active", openConnections, Collection::size)
                .description("Connections open on the process's port")
                .strongReference(true)
                .register(registry);
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
