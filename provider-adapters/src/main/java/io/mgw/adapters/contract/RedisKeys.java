package io.mgw.adapters.contract;

/**
 * Every Redis key and hash field of DESIGN.md's table, in one place. One writer per key family:
 * runtime for the pod registry, gateway for session buffers, control plane for the control channel,
 * gateways and runtimes for the event stream.
 */
public final class RedisKeys {

    public static final String PREFIX = "mgw:";
    /** Stream of event records for the control plane ({@code XADD} by gateways and runtimes). */
    public static final String EVENTS = PREFIX + "events";
    /** The control plane's consumer group on {@link #EVENTS}. */
    public static final String EVENTS_GROUP = "control-plane";
    /** The one field of an {@link #EVENTS} entry: the event's JSON ({@code contract.events.EventJson}). */
    public static final String EVENT_FIELD = "e";

    /** Hash fields of {@link #pod(String)}. */
    public static final String POD_URL = "url";
    public static final String POD_DEPLOYMENTS = "deployments";
    public static final String POD_CAPACITY = "capacity";
    public static final String POD_ACTIVE = "active";
    /** Seconds a pod hash lives without a heartbeat, and how often runtimes refresh it. */
    public static final int POD_TTL_SECONDS = 15;
    public static final int POD_HEARTBEAT_SECONDS = 5;

    /** Hash fields of {@link #session(String)}. */
    public static final String SESSION_POD = "pod";
    public static final String SESSION_GATEWAY = "gateway";
    public static final String SESSION_EPOCH = "epoch";
    public static final String SESSION_LAST_SEQ = "last_seq";
    public static final String SESSION_DEGRADED = "degraded";

    private RedisKeys() {
    }

    /** Hash of one runtime pod: url, deployments (comma-separated), capacity, active. */
    public static String pod(String podId) {
        return PREFIX + "pod:" + podId;
    }

    /** Sorted set of pod ids serving a deployment, scored by heartbeat time (epoch millis). */
    public static String podsOf(String deploymentId) {
        return PREFIX + "pods:" + deploymentId;
    }

    /** A session's routing and buffer state (hash-tagged so a Redis Cluster keeps a session's keys together). */
    public static String session(String sessionId) {
        return PREFIX + "s:{" + sessionId + "}";
    }

    /** A session's resume buffer (Stream, entry id {@code <seq>-1}). */
    public static String sessionFrames(String sessionId) {
        return PREFIX + "s:{" + sessionId + "}:frames";
    }

    /**
     * Sorted set of the session ids gateways currently connect to a deployment's pods, scored by the epoch
     * millisecond their gateway last vouched for them (writer: gateways; added at connect, refreshed while held,
     * removed when the gateway holding the session lets it go; members a crashed gateway left behind go stale and
     * are dropped at the next admission). Its size is checked against the deployment's
     * {@code max_concurrent_sessions} at connect (close 1013 when full).
     */
    public static String liveSessions(String deploymentId) {
        return PREFIX + "live-sessions:" + deploymentId;
    }

    /** The Pub/Sub channel that carries end, inject and reassign to whoever holds the session. */
    public static String control(String sessionId) {
        return PREFIX + "control:" + sessionId;
    }
}
