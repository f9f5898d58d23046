package io.mgw.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mgw.service.ServiceMetrics;
import java.util.function.IntSupplier;

/**
 * The runtime's own meters: the one place their names live (STYLE B2). The JVM, process and
 * {@code mgw_runtime_connections_active} meters come with {@link ServiceMetrics}; Micrometer names map to
 * Prometheus names ({@code mgw.runtime.session.closes} counter becomes {@code mgw_runtime_session_closes_total}).
 */
public final class RuntimeMetrics {

    /** The prefix of every runtime meter name. */
    public static final String PREFIX = "mgw.runtime";

    private final MeterRegistry registry;
    private final Counter heartbeatFailures;

    /** Registers on {@code service}'s registry, the one {@code GET /metrics} scrapes. */
    public RuntimeMetrics(ServiceMetrics service) {
        this.registry = service.registry();
        this.heartbeatFailures = Counter.builder(PREFIX + ".registry.heartbeat.failures")
                .description("Pod registry heartbeats that Redis did not acknowledge (the pod keeps serving and retries)")
                .register(registry);
    }

    /** Exposes {@code mgw_runtime_deployments_hosted}: the deployments this pod hosts now. */
    public void hostedDeployments(IntSupplier hosted) {
        Gauge.builder(PREFIX + ".deployments.hosted", hosted::getAsInt)
                .description("Deployments this pod hosts")
                .strongReference(true)
                .register(registry);
    }

    /** Counts one failed registry heartbeat in {@code mgw_runtime_registry_heartbeat_failures_total}. */
    public void registryHeartbeatFailed() {
        heartbeatFailures.increment();
    }

    /** Exposes {@code mgw_runtime_sessions_capacity}: how many sessions this pod accepts at once. */
    public void capacity(int sessions) {
        Gauge.builder(PREFIX + ".sessions.capacity", () -> sessions)
                .description("Sessions this pod runs at once before refusing with 1013")
                .register(registry);
    }

    /** Counts one ended session socket in {@code mgw_runtime_session_closes_total{code}}. */
    public void sessionClosed(int code) {
        Counter.builder(PREFIX + ".session.closes")
                .description("Session socket closes by close code")
                .tag("code", Integer.toString(code))
                .register(registry)
                .increment();
    }
}
