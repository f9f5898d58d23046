package io.mgw.gateway.session;

import io.mgw.gateway.auth.WsTokenAuthenticator;
import io.mgw.gateway.config.GatewayConfig;
import io.mgw.gateway.controlplane.ControlChannel;
import io.mgw.gateway.controlplane.ControlPlaneClient;
import io.mgw.gateway.metrics.GatewayMetrics;
import io.mgw.gateway.resume.ResumeBuffer;
import io.mgw.gateway.upstream.PodSelector;
import io.mgw.gateway.upstream.SessionAdmission;
import io.mgw.gateway.upstream.UpstreamConnector;

/** What the session socket's handlers share, built once per gateway by {@code GatewayServer}; all thread-safe. */
public record SessionServices(String gatewayId, GatewayConfig config, GatewayMetrics metrics,
                              WsTokenAuthenticator authenticator, ControlPlaneClient controlPlane, ResumeBuffer buffer,
                              PodSelector pods, SessionAdmission admission, UpstreamConnector connector,
                              SessionRegistry registry, ControlChannel control) {
}
