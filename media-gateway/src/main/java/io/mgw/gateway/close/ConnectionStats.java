package io.mgw.gateway.close;

import io.netty.util.AttributeKey;

/**
 * Per-connection facts for the one close log line: session id, start time, frames each way. Lives in a channel
 * attribute; written only on the channel's event loop.
 */
public final class ConnectionStats {

    public static final AttributeKey<ConnectionStats> KEY = AttributeKey.valueOf("mgw.connection-stats");

    private volatile String sessionId;
    private final long startNanos = System.nanoTime();
    private long framesIn;
    private long framesOut;
    private long framesInvalid;
    private int closeCode = -1;
    private String closeDetail;

    public ConnectionStats(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }

    /** Names the session once it exists (the agent stream admits its call after the upgrade). */
    public void sessionId(String id) {
        this.sessionId = id;
    }

    /** A frame dropped as unparseable, unknown or invalid. */
    public void frameInvalid() {
        framesInvalid++;
    }

    public long framesInvalid() {
        return framesInvalid;
    }

    /** Recorded by {@link CloseOnErrorHandler} when it logs the close. */
    void closed(int code, String detail) {
        this.closeCode = code;
        this.closeDetail = detail;
    }

    /** The code the connection closed with, or -1 while open. */
    public int closeCode() {
        return closeCode;
    }

    /** The logged detail of the close, or null. */
    public String closeDetail() {
        return closeDetail;
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
