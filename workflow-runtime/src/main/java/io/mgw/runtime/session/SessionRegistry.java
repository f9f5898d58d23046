package io.mgw.runtime.session;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.mgw.adapters.contract.ControlMessage;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.runtime.registry.PodRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions this pod holds, by id (linked or within their grace period). Decides what a new link means: a
 * session held here moves to it; a takeover of a session held elsewhere continues {@code seq} from the session
 * hash's {@code last_seq} (Redis, async; missing means 0); anything else starts a session, unless the pod is at
 * capacity (1013) or draining (1012). Reports the live count to the pod registry. Thread-safe: creation and removal
 * are serialised, each session runs on its own executor.
 */
public final class SessionRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final int capacity;
    private final SessionServices services;
    private final PodRegistry podRegistry;
    private final ControlChannel control;
    private final CompletableFuture<StatefulRedisConnection<String, String>> redis;
    private volatile boolean draining;

    public SessionRegistry(int capacity, SessionServices services, PodRegistry podRegistry, RedisClient redisClient,
                           URI redisUrl) {
        this.capacity = capacity;
        this.services = services;
        this.podRegistry = podRegistry;
        this.control = new ControlChannel(redisClient, redisUrl, this::control);
        this.redis = redisClient.connectAsync(StringCodec.UTF8, RedisURI.create(redisUrl)).toCompletableFuture();
        services.metrics().liveSessions(sessions::size);
    }

    /** Sessions held now. */
    public int size() {
        return sessions.size();
    }

    /** The control channel (tests wait for its subscriptions). */
    public ControlChannel controlChannel() {
        return control;
    }

    /** A link completed its handshake for {@code request}; called on the link's event loop. */
    void open(SessionRequest request, Channel link, SessionLinkHandler handler) {
        if (draining) {
            SessionCloseCode.DRAINING.close(link, services.metrics());
            return;
        }
        Session held = sessions.get(request.sessionId());
        if (held != null) {
            held.execute(() -> held.attach(link, handler, request.takeover()));
        } else if (!request.takeover()) {
            create(request, link, handler, 0);
        } else {
            lastSeq(request.sessionId()).whenComplete((lastSeq, error) -> link.eventLoop().execute(() -> {
                if (error != null) {
                    log.warn("session {}: cannot read last_seq for a takeover ({}); refusing the link", request.sessionId(),
                            error.toString());
                    SessionCloseCode.INTERNAL_ERROR.close(link, services.metrics());
                } else {
                    create(request, link, handler, lastSeq);
                }
            }));
        }
    }

    private void create(SessionRequest request, Channel link, SessionLinkHandler handler, long lastSeq) {
        Session session;
        Session held;
        synchronized (this) {
            held = sessions.get(request.sessionId());
            if (held == null) {
                if (draining) {
                    SessionCloseCode.DRAINING.close(link, services.metrics());
                    return;
                }
                if (sessions.size() >= capacity) {
                    SessionCloseCode.AT_CAPACITY.close(link, services.metrics());
                    return;
                }
                session = new Session(request.sessionId(), request.deployment(), lastSeq, link.eventLoop(), services, this);
                sessions.put(session.id(), session);
            } else {
                session = null;
            }
        }
        if (held != null) {
            held.execute(() -> held.attach(link, handler, request.takeover()));
            return;
        }
        podRegistry.activeSessions(sessions.size());
        control.subscribe(session.id());
        session.start(link, handler, request.takeover());
    }

    /** A session ended: forget it, stop listening to its control channel, report the load. */
    void remove(Session session) {
        synchronized (this) {
            if (!sessions.remove(session.id(), session)) {
                return;
            }
        }
        control.unsubscribe(session.id());
        podRegistry.activeSessions(sessions.size());
    }

    private void control(String sessionId, ControlMessage message) {
        Session session = sessions.get(sessionId);
        if (session != null) {
            session.execute(() -> session.control(message));
        }
    }

    private CompletableFuture<Long> lastSeq(String sessionId) {
        return redis.thenCompose(c -> c.async().hget(RedisKeys.session(sessionId), RedisKeys.SESSION_LAST_SEQ)
                .toCompletableFuture())
                .thenApply(value -> {
                    if (value == null || value.isBlank()) {
                        return 0L;
                    }
                    return Long.parseLong(value.trim());
                });
    }

    /**
     * Drains: new links get 1012, and every held session's link is closed with 1012 (the gateways move the sessions
     * to other pods); waits up to {@code timeoutMillis} for the close frames to go out. Call from a thread that may
     * block, before the event loops shut down.
     */
    public void drain(long timeoutMillis) {
        draining = true;
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        for (Session session : sessions.values()) {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            session.execute(() -> {
                ChannelFuture future = session.drain();
                if (future == null) {
                    closed.complete(null);
                } else {
                    future.addListener(f -> closed.complete(null));
                }
            });
            closes.add(closed);
        }
        try {
            CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("drain: {} session link(s) did not close in time", closes.stream().filter(f -> !f.isDone()).count());
        }
        if (!closes.isEmpty()) {
            log.info("drained {} session(s) with 1012", closes.size());
        }
        sessions.clear();
        podRegistry.activeSessions(0);
    }

    /** Closes the control channel and the registry's Redis connection (after {@link #drain}). */
    @Override
    public void close() {
        control.close();
        try {
            StatefulRedisConnection<String, String> c = redis.getNow(null);
            if (c != null) {
                c.closeAsync().get(2, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            log.debug("session registry connection close: {}", e.toString());
        }
    }
}
