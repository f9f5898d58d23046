package io.mgw.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mgw.service.ServiceMetrics;
import java.util.function.IntSupplier;

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
        // Series an operator alerts on exist from the start, at zero, rather than from their first event.
        for (String result : new String[] {"ok", "refused", "failed", "full"}) {
            Counter.builder(PREFIX + ".upstream.connects").tag("result", result).register(registry);
        }
        Counter.builder(PREFIX + ".resume.replays").tag("gap", "true").register(registry);
        Counter.builder(PREFIX + ".resume.replays").tag("gap", "false").register(registry);
        Counter.builder(PREFIX + ".resume.degraded").register(registry);
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

    /** Makes the per-provider series exist at zero for every registered provider. */
    public void providers(java.util.Collection<String> names) {
        for (String provider : names) {
            for (String from : new String[] {"provider", "pod"}) {
                Counter.builder(PREFIX + ".agent.frames.dropped").tag("provider", provider).tag("from", from).register(registry);
            }
        }
    }

    /** {@code mgw_gateway_sessions_held}: sessions whose upstream this gateway holds (attached or within grace). */
    public void sessionsHeld(IntSupplier held) {
        gauge("sessions.held", "Session-socket sessions whose pod link this gateway holds, attached or in their grace period", held);
    }

    /** {@code mgw_gateway_calls_live}: agent-stream calls whose provider socket this gateway holds. */
    public void callsLive(IntSupplier live) {
        gauge("calls.live", "Agent-stream calls whose provider socket this gateway holds", live);
    }

    private void gauge(String name, String description, IntSupplier value) {
        Gauge.builder(PREFIX + "." + name, value::getAsInt).description(description).register(registry);
    }

    /**
     * Counts one session-socket connect attempt to a pod in {@code mgw_gateway_upstream_connects_total{result}}:
     * {@code ok}, {@code refused} (1012/1013 during the connect budget, retried), {@code failed} (unreachable, retried)
     * or {@code full} (no pod with room).
     */
    public void upstreamConnect(String result) {
        Counter.builder(PREFIX + ".upstream.connects")
                .description("Session-socket connect attempts to pods, by result")
                .tag("result", result)
                .register(registry)
                .increment();
    }

    /** Counts one resume replay in {@code mgw_gateway_resume_replays_total{gap}} ({@code gap} true: resume_gap sent). */
    public void resumeReplay(boolean gap) {
        Counter.builder(PREFIX + ".resume.replays")
                .description("Session resumes replayed from the Redis buffer, by whether a resume_gap came first")
                .tag("gap", Boolean.toString(gap))
                .register(registry)
                .increment();
    }

    /** Counts one seq frame forwarded before Redis acknowledged it in {@code mgw_gateway_resume_degraded_total}. */
    public void resumeDegraded() {
        Counter.builder(PREFIX + ".resume.degraded")
                .description("Seq frames forwarded without a Redis acknowledgement within 50 ms (the buffer is marked degraded)")
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
