package io.mgw.gateway.close;

import io.netty.util.AttributeKey;

/**
 * Per-connection facts for the one close log line: session id, start time, frames each way. Lives in a channel
 * attribute; written only on the channel's event loop.
 */
public final class ConnectionStats {

    public static final AttributeKey<ConnectionStats> KEY = AttributeKey.valueOf("mgw.connection-stats");

    private final String sessionId;
    private final long startNanos = System.nanoTime();
    private long framesIn;
    private long framesOut;

    public ConnectionStats(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }

    public void frameIn() {
        framesIn++;
    }

    public void frameOut() {
        framesOut++;
    }

    public long framesIn() {
        return framesIn;
    }

    public long framesOut() {
        return framesOut;
    }

    public long durationMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
