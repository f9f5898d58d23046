package io.mgw.gateway.agentstream;

import io.mgw.adapters.contract.AgentRoute;
import io.mgw.adapters.contract.CallAdmission;
import io.mgw.adapters.provider.CallHandle;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.ProviderAdapter;
import io.mgw.adapters.provider.ProviderCodec;
import io.mgw.gateway.close.CloseCode;
import io.mgw.gateway.close.CloseOnErrorHandler;
import io.mgw.gateway.close.ConnectionStats;
import io.mgw.gateway.close.GatewayException;
import io.mgw.gateway.metrics.GatewayMetrics;
import io.netty.channel.Channel;
import java.util.Map;

/**
 * One agent-stream call's state, shared by the handlers of its pipeline (the STYLE B3 connection context). Touched
 * only on the channel's event loop. The handshake fills it in step by step; a session exists once {@link #admission}
 * is set, and from then on every ending releases it ({@link CallTeardown}).
 */
final class AgentCall {

    /** Where a dropped frame came from (the {@code from} tag of the invalid-frame counter). */
    static final String FROM_PROVIDER = "provider";
    static final String FROM_POD = "pod";

    final Channel channel;
    final String providerName;
    final String agentUuid;
    final Map<String, String> query;
    final ConnectionStats stats;
    private final GatewayMetrics metrics;

    ProviderAdapter adapter;
    ProviderCodec codec;
    AgentRoute agent;
    CallInfo info;
    CallHandle handle;
    CallAdmission admission;
    /** When the provider's start arrived ({@link System#nanoTime}): the call's media clock begins there. */
    long mediaStartNanos;
    /** The provider sent {@code stop}: the caller side ended cleanly. */
    boolean stopSeen;
    /** The pod ended the call (its {@code end}, a 1000 close, or a hangup): no {@code stop} toward it. */
    boolean endedByPod;
    /** The pod was told the caller left ({@link CallTeardown#callerGone}). */
    boolean callerGoneSent;
    private boolean closing;

    AgentCall(Channel channel, String providerName, String agentUuid, Map<String, String> query, ConnectionStats stats,
              GatewayMetrics metrics) {
        this.channel = channel;
        this.providerName = providerName;
        this.agentUuid = agentUuid;
        this.query = Map.copyOf(query);
        this.stats = stats;
        this.metrics = metrics;
    }

    /** Closes the provider socket once, through {@link CloseOnErrorHandler} (the only writer of close frames). */
    void close(CloseCode code, String detail) {
        close(new GatewayException(code, detail));
    }

    /** Closes once with {@code peerReason} as the close frame's reason ({@link CallCloseReasons}). */
    void close(CloseCode code, String detail, String peerReason) {
        close(new GatewayException(code, detail, peerReason));
    }

    /** Closes once with the refusal's code and reasons. */
    void close(GatewayException refusal) {
        if (closing) {
            return;
        }
        closing = true;
        channel.pipeline().fireExceptionCaught(refusal);
    }

    /** Whether the call is ending (a close was asked for or the socket is gone). */
    boolean closing() {
        return closing || !channel.isActive();
    }

    /** A frame dropped after the handshake (unparseable, unknown, invalid, or not deliverable): counted, not fatal. */
    void dropped(String from) {
        stats.frameInvalid();
        metrics.agentFrameDropped(providerName(), from);
    }

    /** The organization the call belongs to (admission's answer wins over the agent lookup). */
    String organizationId() {
        return admission != null && admission.organizationId() != null ? admission.organizationId()
                : agent == null ? null : agent.organizationId();
    }

    /** The registry's name of the provider, or {@code unknown} before the lookup succeeded (a bounded tag value). */
    String providerName() {
        return adapter == null ? "unknown" : adapter.id().name();
    }
}
