package io.mgw.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mgw.service.ServiceMetrics;

/**
 * The gateway's own meters: the one place their names live (STYLE B2). The JVM, process and
 * {@code mgw_gateway_connections_active} meters come with {@link ServiceMetrics}; Micrometer names map to
 * Prometheus names ({@code mgw.gateway.ws.closes} counter becomes {@code mgw_gateway_ws_closes_total}).
 */
public final class GatewayMetrics {

    /** The prefix of every gateway meter name. */
    public static final String PREFIX = "mgw.gateway";

    private final MeterRegistry registry;

    /** Registers on {@code service}'s registry, the one {@code GET /metrics} scrapes. */
    public GatewayMetrics(ServiceMetrics service) {
        this.registry = service.registry();
    }

    /** Counts one closed WebSocket in {@code mgw_gateway_ws_closes_total{endpoint,code}}. */
    public void wsClosed(String endpoint, int code) {
        Counter.builder(PREFIX + ".ws.closes")
                .description("WebSocket closes by endpoint and close code")
                .tag("endpoint", endpoint)
                .tag("code", Integer.toString(code))
                .register(registry)
                .increment();
    }

    /**
     * Counts one agent-stream frame dropped after the handshake (unparseable, unknown, bad base64, an invalid DTMF
     * digit, or a pod frame the provider cannot carry) in {@code mgw_gateway_agent_frames_dropped_total{provider,from}};
     * {@code from} is {@code provider} or {@code pod}. The call goes on.
     */
    public void agentFrameDropped(String provider, String from) {
        Counter.builder(PREFIX + ".agent.frames.dropped")
                .description("Agent-stream frames dropped after the handshake, by provider and side")
                .tag("provider", provider)
                .tag("from", from)
                .register(registry)
                .increment();
    }
}
