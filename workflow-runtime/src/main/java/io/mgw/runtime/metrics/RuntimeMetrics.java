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
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter framesInvalid;
    private final Counter nodeErrors;
    private final Counter eventsFailed;

    /** Registers on {@code service}'s registry, the one {@code GET /metrics} scrapes. */
    public RuntimeMetrics(ServiceMetrics service) {
        this.registry = service.registry();
        this.heartbeatFailures = Counter.builder(PREFIX + ".registry.heartbeat.failures")
                .description("Pod registry heartbeats that Redis did not acknowledge (the pod keeps serving and retries)")
                .register(registry);
        this.framesIn = Counter.builder(PREFIX + ".session.frames.in")
                .description("Frames received from gateways on session sockets")
                .register(registry);
        this.framesOut = Counter.builder(PREFIX + ".session.frames.out")
                .description("Frames sent to gateways on session sockets")
                .register(registry);
        this.framesInvalid = Counter.builder(PREFIX + ".session.frames.invalid")
                .description("Frames from gateways that were dropped: malformed, unknown type or not meant for a pod")
                .register(registry);
        this.nodeErrors = Counter.builder(PREFIX + ".node.errors")
                .description("Streaming node failures (each one an error frame and event; the session goes on)")
                .register(registry);
        this.eventsFailed = Counter.builder(PREFIX + ".events.failed")
                .description("Events Redis did not take (dropped, logged)")
                .register(registry);
    }

    /** Exposes {@code mgw_runtime_sessions_live}: sessions this pod holds now (linked or within their grace). */
    public void liveSessions(IntSupplier live) {
        Gauge.builder(PREFIX + ".sessions.live", live::getAsInt)
                .description("Sessions this pod holds, linked or waiting within their grace period")
                .strongReference(true)
                .register(registry);
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void frameOut() {
        framesOut.increment();
    }

    public void frameInvalid() {
        framesInvalid.increment();
    }

    public void nodeFailed() {
        nodeErrors.increment();
    }

    public void eventFailed() {
        eventsFailed.increment();
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
