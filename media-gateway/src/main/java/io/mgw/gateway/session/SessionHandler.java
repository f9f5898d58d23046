package io.mgw.gateway.session;

import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.SessionRoute;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.ResumeGapFrame;
import io.mgw.gateway.close.CloseCode;
import io.mgw.gateway.close.ConnectionStats;
import io.mgw.gateway.close.GatewayException;
import io.mgw.gateway.config.GatewayConfig;
import io.mgw.gateway.resume.ResumeBuffer;
import io.mgw.gateway.resume.SeqScanner;
import io.mgw.gateway.wire.RawFrame;
import io.mgw.gateway.wire.WebSocketUpgrade;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a session socket after the upgrade: hands client data frames ({@link RawFrame}s, still
 * masked) to the {@link SessionLink} (ownership passes with them, unchanged), writes the pod's frames' bytes to the
 * client, replays the resume buffer, and
 * keeps the connection honest (pings, two missed pongs close 1011 "ping timeout"; a client channel unwritable for
 * {@code MGW_SLOW_CLIENT_TIMEOUT} or with more than {@link GatewayConfig.SessionSocket#MAX_PENDING_BYTES} queued
 * closes 4409; the pod is not read while the client is unwritable). Closes go through {@code CloseOnErrorHandler}.
 *
 * <p>Resume ({@code resume_from=W}): live seq frames are held while the buffer is read; if the buffer cannot cover
 * (W, ...] a {@code resume_gap} frame goes first; then every buffered frame with seq above W in order, then the held
 * live frames above the last replayed seq (none twice, none missing).
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private static final int REPLAY_PAGE = 500;
    private static final int MAX_HELD_FRAMES = 20_000;

    private final SessionServices svc;
    private final SessionRoute route;
    private final OptionalLong resumeFrom;
    private final ConnectionStats stats;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean replaying;
    private boolean replayStarted;
    private long deliveredSeq = Long.MIN_VALUE;
    private int missedPongs;
    private boolean closed;
    private ScheduledFuture<?> pings;
    private ScheduledFuture<?> slowTimer;
    private volatile SessionLink link;
    private ChannelHandlerContext byteWriter;

    SessionHandler(SessionServices svc, SessionRoute route, OptionalLong resumeFrom, ConnectionStats stats) {
        this.svc = svc;
        this.route = route;
        this.resumeFrom = resumeFrom;
        this.stats = stats;
        this.replaying = resumeFrom.isPresent();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    Channel channel() {
        return ctx.channel();
    }

    /**
     * The upgrade completed: start keepalive and attach to (or create) the session's link; {@code routing} is the
     * session's Redis hash as read before the upgrade.
     */
    void upgraded(Map<String, String> routing) {
        long every = svc.config().sessionSocket().pingInterval().toMillis();
        pings = ctx.executor().scheduleAtFixedRate(this::ping, every, every, TimeUnit.MILLISECONDS);
        svc.registry().attach(route.sessionId(), route, this, routing);
    }

    void linked(SessionLink link) {
        this.link = link;
    }

    // ---- client -> pod ----------------------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
        } else if (msg instanceof PongWebSocketFrame pong) {
            missedPongs = 0;
            pong.release();
        } else if (msg instanceof CloseWebSocketFrame) {
            ctx.fireChannelRead(msg);
        } else if (msg instanceof RawFrame frame) {
            stats.frameIn();
            SessionLink l = currentLink();
            if (l == null) {
                frame.release();
            } else {
                l.fromClient(frame);
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        SessionLink l = currentLink();
        if (l != null) {
            l.flushToPod();
        }
        ctx.fireChannelReadComplete();
    }

    private SessionLink currentLink() {
        return link;
    }

    // ---- pod -> client (called from the link's loop; hops here) ------------------------------------------------

    /** A pod frame (ownership passes here), {@code seq} from {@link SeqScanner} or NONE. */
    void deliver(RawFrame frame, long seq) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> deliver(frame, seq));
            return;
        }
        if (closed) {
            frame.release();
            return;
        }
        if (seq != SeqScanner.NONE) {
            if (replaying) {
                held.add(new Held(frame, seq));
                if (held.size() > MAX_HELD_FRAMES) {
                    closeWith(CloseCode.SLOW_CONSUMER, "too many live frames held during the replay");
                }
                return;
            }
            if (seq <= deliveredSeq) {
                frame.release();
                return;
            }
            deliveredSeq = seq;
        }
        stats.frameOut();
        ChannelHandlerContext bytes = byteWriter();
        bytes.write(frame.content(), bytes.voidPromise());
        checkPending();
    }

    /** Writes a frame the gateway made (encoded by the frame layer). */
    private void write(Object frame) {
        stats.frameOut();
        ctx.write(frame, ctx.voidPromise());
        checkPending();
    }

    /** Forwarded bytes skip the frame encoder: they are written from its context, straight toward the socket. */
    private ChannelHandlerContext byteWriter() {
        if (byteWriter == null) {
            byteWriter = ctx.pipeline().context(WebSocketUpgrade.FRAME_ENCODER);
        }
        return byteWriter;
    }

    private void checkPending() {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out != null && out.totalPendingWriteBytes() > GatewayConfig.SessionSocket.MAX_PENDING_BYTES) {
            closeWith(CloseCode.SLOW_CONSUMER, "more than " + GatewayConfig.SessionSocket.MAX_PENDING_BYTES + " bytes queued");
        }
    }

    void flushToClient() {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(this::flushToClient);
            return;
        }
        ctx.flush();
    }

    void readClient(boolean read) {
        ctx.channel().config().setAutoRead(read);
    }

    // ---- resume -----------------------------------------------------------------------------------------------

    /**
     * Replays the buffer when the client asked for it; {@code podLastSeq} is the pod's {@code resumed} watermark
     * on a takeover (the link has already waited for the old gateway's last appends), else NONE.
     */
    void beginReplay(long podLastSeq) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> beginReplay(podLastSeq));
            return;
        }
        if (!replaying || replayStarted || closed) {
            return;
        }
        replayStarted = true;
        String sid = route.sessionId();
        ResumeBuffer buffer = svc.buffer();
        var hash = buffer.state(sid);
        var first = buffer.firstSeq(sid);
        var last = buffer.lastSeq(sid);
        CompletableFuture.allOf(hash, first, last).whenComplete((ignored, e) -> ctx.executor().execute(() -> {
            if (e != null) {
                closeWith(CloseCode.PROXY_ERROR, "resume buffer unreadable");
            } else {
                replayFrom(new Snapshot(hash.join(), first.join(), last.join()), podLastSeq);
            }
        }));
    }

    private void replayFrom(Snapshot snap, long podLastSeq) {
        if (closed) {
            return;
        }
        long w = resumeFrom.getAsLong();
        long lastKnown = Math.max(Math.max(snap.lastEntry, podLastSeq), parse(snap.hash.get(RedisKeys.SESSION_LAST_SEQ)));
        boolean degraded = snap.hash.containsKey(RedisKeys.SESSION_DEGRADED);
        boolean gap = false;
        if (w < lastKnown && (degraded || snap.first == SeqScanner.NONE || snap.first > w + 1)) {
            long firstAvailable = snap.first != SeqScanner.NONE && snap.first > w ? snap.first : Math.min(w + 1, lastKnown + 1);
            if (snap.first == SeqScanner.NONE) {
                firstAvailable = lastKnown + 1;
            }
            gap = true;
            String epoch = snap.hash.getOrDefault(RedisKeys.SESSION_EPOCH, "");
            write(new TextWebSocketFrame(Unpooled.wrappedBuffer(FrameJson.writeBytes(new ResumeGapFrame(w, firstAvailable, epoch)))));
        }
        svc.metrics().resumeReplay(gap);
        long threshold = Math.min(w, lastKnown);
        if (w == Long.MAX_VALUE) {
            endReplay(threshold); // nothing can be above it (and w + 1 would wrap)
            return;
        }
        replayPage(w + 1, threshold);
    }

    private void replayPage(long fromSeq, long threshold) {
        svc.buffer().range(route.sessionId(), fromSeq, REPLAY_PAGE).whenComplete((entries, e) -> ctx.executor().execute(() -> {
            if (closed) {
                return;
            }
            if (e != null) {
                closeWith(CloseCode.PROXY_ERROR, "resume buffer unreadable");
                return;
            }
            long last = threshold;
            for (ResumeBuffer.Entry entry : entries) {
                if (entry.seq() > last) {
                    write(new TextWebSocketFrame(Unpooled.wrappedBuffer(entry.frame())));
                    last = entry.seq();
                }
            }
            ctx.flush();
            if (entries.size() == REPLAY_PAGE && last < Long.MAX_VALUE) {
                replayPage(last + 1, last);
            } else {
                endReplay(last);
            }
        }));
    }

    private void endReplay(long lastReplayed) {
        replaying = false;
        deliveredSeq = lastReplayed;
        while (!held.isEmpty() && !closed) {
            Held h = held.poll();
            deliver(h.frame, h.seq);
        }
        ctx.flush();
    }

    private static long parse(String s) {
        try {
            return s == null ? SeqScanner.NONE : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return SeqScanner.NONE;
        }
    }

    // ---- keepalive, flow control, closing ---------------------------------------------------------------------

    private void ping() {
        if (missedPongs >= 2) {
            closeWith(CloseCode.PING_TIMEOUT, "two pings without a pong");
            return;
        }
        missedPongs++;
        ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        SessionLink l = currentLink();
        if (l != null) {
            l.readPod(writable);
        }
        if (writable) {
            if (slowTimer != null) {
                slowTimer.cancel(false);
                slowTimer = null;
            }
        } else if (slowTimer == null) {
            slowTimer = ctx.executor().schedule(() -> closeWith(CloseCode.SLOW_CONSUMER, "client unwritable too long"),
                    svc.config().sessionSocket().slowClientTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Closes the client with {@code code} through {@code CloseOnErrorHandler}; callable from any thread. */
    void closeWith(CloseCode code, String detail) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> closeWith(code, detail));
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        cleanUp(code == CloseCode.PING_TIMEOUT);
        ctx.fireExceptionCaught(new GatewayException(code, detail));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        cleanUp(false);
        ctx.fireChannelInactive();
    }

    private void cleanUp(boolean releaseUpstream) {
        if (pings != null) {
            pings.cancel(false);
        }
        if (slowTimer != null) {
            slowTimer.cancel(false);
        }
        while (!held.isEmpty()) {
            held.poll().frame.release();
        }
        SessionLink l = currentLink();
        if (l != null) {
            l.detach(this, releaseUpstream);
            link = null;
        }
    }

    private record Held(RawFrame frame, long seq) {
    }

    private record Snapshot(Map<String, String> hash, long first, long lastEntry) {
    }
}
