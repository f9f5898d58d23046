package io.mgw.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the media-gateway reads from its environment, validated by {@link GatewayConfigLoader} and passed
 * by constructor from there on. Immutable; secrets are redacted from {@code toString()}.
 */
public record GatewayConfig(Server server, Redis redis, ControlPlane controlPlane, Auth auth,
                            SessionSocket sessionSocket, Resume resume, AgentStream agentStream) {

    public GatewayConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(controlPlane, "controlPlane");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(sessionSocket, "sessionSocket");
        Objects.requireNonNull(resume, "resume");
        Objects.requireNonNull(agentStream, "agentStream");
    }

    /**
     * The listening socket.
     *
     * @param bindHost     address to bind ({@code MGW_BIND_HOST})
     * @param port         port to bind, 0 for an ephemeral one ({@code MGW_GATEWAY_PORT})
     * @param ioThreads    event-loop threads; one per core at most ({@code MGW_IO_THREADS})
     * @param publicWsBase the public WebSocket base clients use; empty means {@code ws://127.0.0.1:<bound port>}
     *                     ({@code MGW_PUBLIC_WS_BASE})
     * @param drainTimeout how long a stopping gateway waits for its sessions to move to other gateways after telling
     *                     their clients 1012 ({@code MGW_DRAIN_SECONDS})
     * @param wakeupCoalescing how long an event loop with nothing to do waits before polling its sockets, so one
     *                     wake-up serves several; zero blocks at once ({@code MGW_WAKEUP_COALESCING_US})
     */
    public record Server(String bindHost, int port, int ioThreads, Optional<URI> publicWsBase, Duration drainTimeout,
                         Duration wakeupCoalescing) {

        public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
        public static final Duration DEFAULT_WAKEUP_COALESCING = Duration.of(300, ChronoUnit.MICROS);

        /** With the default drain timeout and wake-up coalescing. */
        public Server(String bindHost, int port, int ioThreads, Optional<URI> publicWsBase) {
            this(bindHost, port, ioThreads, publicWsBase, DEFAULT_DRAIN_TIMEOUT, DEFAULT_WAKEUP_COALESCING);
        }
    }

    /**
     * The Redis holding resume buffers, the pod registry and session routing ({@code REDIS_URL}), and the stream the
     * gateway's call events go to ({@code MGW_EVENTS_STREAM}, the one the control plane consumes).
     */
    public record Redis(URI url, String eventsStream) {
    }

    /** The control-plane's internal API ({@code MGW_CONTROL_PLANE_URL}) and the service token sent to it. */
    public record ControlPlane(URI internalUrl, String serviceToken) {
        @Override
        public String toString() {
            return "ControlPlane[internalUrl=" + internalUrl + ", serviceToken=***]";
        }
    }

    /** The HS256 secret that verifies ws_tokens ({@code MGW_JWT_SECRET}, at least 32 bytes). */
    public record Auth(String jwtSecret) {
        @Override
        public String toString() {
            return "Auth[jwtSecret=***]";
        }
    }

    /**
     * The session socket.
     *
     * @param pingInterval  WebSocket ping period; two missed pongs drop the client ({@code MGW_PING_INTERVAL})
     * @param connectBudget time allowed to reach a pod after the client's upgrade ({@code MGW_CONNECT_BUDGET})
     * @param maxFrameBytes largest WebSocket frame accepted; larger closes with 1009 ({@code MGW_MAX_FRAME_SIZE})
     * @param slowClientTimeout how long a client's channel may stay unwritable before it is closed with 4409
     *                      ({@code MGW_SLOW_CLIENT_TIMEOUT})
     */
    public record SessionSocket(Duration pingInterval, Duration connectBudget, int maxFrameBytes, Duration slowClientTimeout) {

        /** Bytes queued toward one client beyond which it is closed with 4409 (slow consumer). */
        public static final int MAX_PENDING_BYTES = 1024 * 1024;
        public static final Duration DEFAULT_SLOW_CLIENT_TIMEOUT = Duration.ofSeconds(5);

        /** With the default slow-client timeout. */
        public SessionSocket(Duration pingInterval, Duration connectBudget, int maxFrameBytes) {
            this(pingInterval, connectBudget, maxFrameBytes, DEFAULT_SLOW_CLIENT_TIMEOUT);
        }
    }

    /**
     * The Redis resume buffer.
     *
     * @param maxLen how many frames a session's stream keeps, approximately ({@code MGW_RESUME_MAXLEN})
     * @param expiry how long a buffer outlives its session ({@code MGW_RESUME_EXPIRY})
     * @param grace  how long the upstream stays open after the client went away ({@code MGW_SESSION_GRACE})
     */
    public record Resume(int maxLen, Duration expiry, Duration grace) {
    }

    /** The agent stream: the provider handshake must finish within {@code handshakeTimeout} ({@code MGW_AGENT_HANDSHAKE_TIMEOUT}). */
    public record AgentStream(Duration handshakeTimeout) {
    }
}
