package io.mgw.gateway.agentstream;

import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.provider.ProviderRegistry;
import io.mgw.gateway.config.GatewayConfig;
import io.mgw.gateway.controlplane.ControlPlaneClient;
import io.mgw.gateway.metrics.GatewayMetrics;
import io.mgw.gateway.upstream.PodSelector;
import io.mgw.gateway.upstream.SessionAdmission;
import io.mgw.gateway.upstream.UpstreamConnector;
import java.time.Duration;

/**
 * What the agent stream's handlers share, built once per gateway by {@code GatewayServer} from the same pieces the
 * session socket uses (control-plane client, pod selector, deployment admission, upstream connector); thread-safe.
 */
public record AgentStreamServices(GatewayConfig config, GatewayMetrics metrics, ControlPlaneClient controlPlane,
                                  ProviderRegistry providers, PodSelector pods, SessionAdmission admission,
                                  UpstreamConnector connector, String gatewayId,
                                  StatefulRedisConnection<String, String> redis, EventFactory events, CallRegistry calls) {

    /** The provider's API must answer a call's validation within this (an outage is not a bad call: 1011, not 4400). */
    public static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(3);
    /** Per attempt: two attempts and the backoff fit in {@link #PROVIDER_TIMEOUT}, so no retry outlives the call. */
    public static final Duration PROVIDER_ATTEMPT_TIMEOUT = Duration.ofMillis(1400);
}
