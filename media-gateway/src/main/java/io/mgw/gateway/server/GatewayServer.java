package io.mgw.gateway.server;

import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.provider.ProviderHttpClient;
import io.mgw.adapters.provider.ProviderRegistry;
import io.mgw.gateway.agentstream.AgentStreamEndpoint;
import io.mgw.gateway.agentstream.AgentStreamServices;
import io.mgw.gateway.agentstream.CallRegistry;
import io.mgw.gateway.auth.WsTokenAuthenticator;
import io.mgw.gateway.config.GatewayConfig;
import io.mgw.gateway.controlplane.ControlChannel;
import io.mgw.gateway.controlplane.ControlPlaneClient;
import io.mgw.gateway.metrics.GatewayMetrics;
import io.mgw.gateway.resume.ResumeBuffer;
import io.mgw.gateway.session.SessionRegistry;
import io.mgw.gateway.session.SessionServices;
import io.mgw.gateway.session.SessionSocketEndpoint;
import io.mgw.gateway.upstream.PodSelector;
import io.mgw.gateway.upstream.SessionAdmission;
import io.mgw.gateway.upstream.UpstreamConnector;
import io.mgw.service.NettyServer;
import io.mgw.service.ServiceMetrics;
import io.mgw.service.ServiceSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media-gateway's listening server: the shared {@link NettyServer} (event loops, Redis, {@code /health},
 * {@code /metrics}) with the gateway's configuration and meters, and the session socket
 * ({@link SessionSocketEndpoint}) wired to its Redis connections (one for commands, one for frame bytes, one Pub/Sub). {@link #close} stops accepting, closes open connections, shuts the event
 * loops down gracefully and closes the Redis client.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    private static final long DRAIN_POLL_MILLIS = 50;
    /** How long closed calls get for their close frames and the pods' {@code stop} to go out. */
    private static final Duration CALL_CLOSE_WAIT = Duration.ofSeconds(2);

    private final AtomicBoolean closing = new AtomicBoolean();
    private final GatewayConfig config;
    private final NettyServer server;
    private final GatewayMetrics metrics;

    private final String gatewayId;
    private final SessionRegistry registry;
    private final CallRegistry calls;

    private final List<AutoCloseable> owned;

    private GatewayServer(GatewayConfig config, NettyServer server, GatewayMetrics metrics, String gatewayId,
                          SessionRegistry registry, CallRegistry calls, List<AutoCloseable> owned) {
        this.owned = owned;
        this.gatewayId = gatewayId;
        this.registry = registry;
        this.calls = calls;
        this.config = config;
        this.server = server;
        this.metrics = metrics;
    }

    /**
     * Starts a gateway and binds its port.
     *
     * @throws IllegalStateException when the port cannot be bound; everything started so far is released
     */
    public static GatewayServer start(GatewayConfig config) {
        var settings = new ServiceSettings("media-gateway", "gateway", config.server().bindHost(), config.server().port(),
                config.server().ioThreads(), config.redis().url()).withRedisOnEventLoops()
                .withWakeupCoalescing(config.server().wakeupCoalescing());
        var serviceMetrics = new ServiceMetrics(GatewayMetrics.PREFIX);
        var metrics = new GatewayMetrics(serviceMetrics);
        String gatewayId = "gw-" + UUID.randomUUID().toString().substring(0, 8);
        var registry = new SessionRegistry();
        metrics.sessionsHeld(registry::size);
        var calls = new CallRegistry();
        metrics.callsLive(calls::size);
        List<AutoCloseable> owned = new CopyOnWriteArrayList<>();
        NettyServer server = NettyServer.start(settings, serviceMetrics, redis -> {
            var uri = RedisURI.create(config.redis().url());
            var strings = redis.connect(uri);
            var frames = redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri);
            var control = new ControlChannel(redis.connectPubSub(uri), registry::end);
            var controlPlane = new ControlPlaneClient(config.controlPlane().internalUrl(), config.controlPlane().serviceToken());
            var pods = new PodSelector(strings);
            var admission = new SessionAdmission(strings, Clock.systemUTC());
            owned.add(admission);
            var connector = new UpstreamConnector(config.controlPlane().serviceToken(), config.sessionSocket().maxFrameBytes());
            var services = new SessionServices(gatewayId, config, metrics,
                    new WsTokenAuthenticator(config.auth().jwtSecret()), controlPlane,
                    new ResumeBuffer(frames, config.resume().maxLen(), config.resume().expiry()),
                    pods, admission, connector, registry, control);
            registry.bind(() -> services);
            var providers = ProviderRegistry.withDefaults(new ProviderHttpClient(
                    HttpClient.newBuilder().connectTimeout(AgentStreamServices.PROVIDER_ATTEMPT_TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NEVER).build(),
                    AgentStreamServices.PROVIDER_ATTEMPT_TIMEOUT, ProviderHttpClient.DEFAULT_MAX_ATTEMPTS,
                    ProviderHttpClient.DEFAULT_BACKOFF));
            metrics.providers(providers.names());
            var agentStream = new AgentStreamServices(config, metrics, controlPlane, providers,
                    pods, admission, connector, gatewayId, strings, EventFactory.systemUtc(), calls);
            return List.of(new SessionSocketEndpoint(services), new AgentStreamEndpoint(agentStream));
        });
        return new GatewayServer(config, server, metrics, gatewayId, registry, calls, owned);
    }

    /** The bound port (the ephemeral one chosen when the configuration asked for port 0). */
    public int port() {
        return server.port();
    }

    /** This instance's id, as recorded in a session hash's {@code gateway} field. */
    public String gatewayId() {
        return gatewayId;
    }

    /** The sessions whose upstream this instance holds. */
    public SessionRegistry sessions() {
        return registry;
    }

    /** The public WebSocket base: the configured one, or {@code ws://127.0.0.1:<bound port>}. */
    public URI publicWsBase() {
        return config.server().publicWsBase().orElseGet(() -> URI.create("ws://127.0.0.1:" + port()));
    }

    /** The configuration this server runs with. */
    public GatewayConfig config() {
        return config;
    }

    /** The gateway's own meters (exposed by {@code GET /metrics} with the JVM and process ones). */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /**
     * Drains, then stops: no new connections; live session clients get 1012 and resume on another gateway, whose
     * takeover moves each pod link, and so does a handshake still looking its session up, once it is answered; live
     * agent-stream calls, which cannot move, are waited for. After
     * {@code MGW_DRAIN_SECONDS} (or once every session has moved and every call ended) the remaining upstreams are
     * let go, remaining calls close with 1011, open connections close, the event loops and Redis shut down.
     * Idempotent; blocks.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        server.stopAccepting();
        int live = registry.size();
        int liveCalls = calls.size();
        if (live > 0) {
            log.info("draining {} session(s): clients get 1012 and resume on another gateway", live);
        }
        registry.drain(); // also when none is live: a handshake still looking its session up is told 1012
        if (liveCalls > 0) {
            log.info("draining: waiting for {} call(s) to end, up to {}", liveCalls, config.server().drainTimeout());
        }
        waitWhile(() -> registry.size() > 0 || registry.openingCount() > 0 || calls.size() > 0,
                config.server().drainTimeout());
        // Counted again: a handshake in flight when the drain began may have added a session or a call since.
        int heldSessions = registry.size();
        if (live > 0 || heldSessions > 0) {
            log.info("drain done: {} session(s) moved, {} let go to their pods' grace period",
                    Math.max(0, live - heldSessions), heldSessions);
            registry.releaseAll();
        }
        int stillLiveCalls = calls.size();
        if (liveCalls > 0 || stillLiveCalls > 0) {
            log.info("drain done: {} call(s) ended, {} still live are closed with 1011",
                    Math.max(0, liveCalls - stillLiveCalls), stillLiveCalls);
            calls.closeAll();
            waitWhile(() -> calls.size() > 0, CALL_CLOSE_WAIT);
        }
        server.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing {}: {}", c, e.toString());
            }
        }
    }

    /** Blocks while {@code busy} holds, for {@code at most} that long. */
    private static void waitWhile(BooleanSupplier busy, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (busy.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(DRAIN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
